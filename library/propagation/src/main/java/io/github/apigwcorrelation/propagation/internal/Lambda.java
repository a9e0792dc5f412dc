package io.github.apigwcorrelation.propagation.internal;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamRequest;

/** Lambda {@code Invoke} and {@code InvokeWithResponseStream}: an entry in the client context's {@code custom}. */
final class Lambda {
    private Lambda() {}

    static SdkRequestHandler invoke() {
        return new SdkRequestHandler() {
            @Override
            public Class<?> type() {
                return InvokeRequest.class;
            }

            @Override
            public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
                InvokeRequest invoke = (InvokeRequest) request;
                String context = ClientContexts.withOurs(invoke.clientContext(), id, "Lambda Invoke");
                return context == null ? request : invoke.toBuilder().clientContext(context).build();
            }
        };
    }

    static SdkRequestHandler invokeWithResponseStream() {
        return new SdkRequestHandler() {
            @Override
            public Class<?> type() {
                return InvokeWithResponseStreamRequest.class;
            }

            @Override
            public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
                InvokeWithResponseStreamRequest invoke = (InvokeWithResponseStreamRequest) request;
                String context = ClientContexts.withOurs(invoke.clientContext(), id, "Lambda InvokeWithResponseStream");
                return context == null ? request : invoke.toBuilder().clientContext(context).build();
            }
        };
    }
}
