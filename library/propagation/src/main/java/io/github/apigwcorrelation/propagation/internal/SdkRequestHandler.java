package io.github.apigwcorrelation.propagation.internal;

import software.amazon.awssdk.core.SdkRequest;

/** Adds the chain request ID to one kind of AWS SDK request. */
public interface SdkRequestHandler {
    /** The handler of every request that carries nothing. */
    SdkRequestHandler NONE = new SdkRequestHandler() {
        @Override
        public Class<?> type() {
            return Void.class;
        }

        @Override
        public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
            return request;
        }
    };

    /** @return the request class it handles, as its own class loader sees it */
    Class<?> type();

    /**
     * @param settings an interceptor's settings
     * @return whether an interceptor with these settings handles this kind of request at all (EventBridge is opt-in)
     */
    default boolean appliesTo(SdkSettings settings) {
        return true;
    }

    /**
     * @param request a request of {@link #type()}
     * @param id the chain request ID, {@link ChainId#isSafe safe}
     * @param settings the interceptor's settings
     * @return the request to send: {@code request} itself when nothing is added
     */
    SdkRequest apply(SdkRequest request, String id, SdkSettings settings);
}
