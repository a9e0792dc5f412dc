package io.github.apigwcorrelation;

import io.github.apigwcorrelation.internal.inject.CurrentInvocation;
import io.github.apigwcorrelation.internal.inject.Invocation;
import java.util.Objects;
import java.util.Optional;

/**
 * The IDs of one invocation: immutable, safe to hand to other threads.
 *
 * @since 0.1.0
 */
public final class RequestIds {
    /** Where the API Gateway request ID came from. */
    public enum Source {
        /** {@code requestContext.requestId} of a REST API (v1) proxy event. */
        REST_API,
        /** {@code requestContext.requestId} of an HTTP API (payload 2.0) event. */
        HTTP_API,
        /** {@code requestContext.requestId} of a WebSocket API event. */
        WEBSOCKET_API,
        /** {@code context.request-id} rendered by a non-proxy integration's mapping template. */
        MAPPING_TEMPLATE,
        /** The {@code Root} of the {@code X-Amzn-Trace-Id} header (ALB events carry no request ID). */
        ALB_TRACE_HEADER,
        /** A user-configured JSON Pointer, see {@link Correlation.Builder#requestIdPointers(String...)}. */
        JSON_POINTER,
        /** Nothing usable was found: the ID is the placeholder. */
        NONE
    }

    private final String apiGatewayRequestId;
    private final String extendedRequestId;
    private final String lambdaRequestId;
    private final Source source;
    private final String originRequestId;
    private final String messageId;

    RequestIds(String apiGatewayRequestId, String extendedRequestId, String lambdaRequestId, Source source,
            String originRequestId, String messageId) {
        this.apiGatewayRequestId = Objects.requireNonNull(apiGatewayRequestId);
        this.extendedRequestId = extendedRequestId;
        this.lambdaRequestId = Objects.requireNonNull(lambdaRequestId);
        this.source = Objects.requireNonNull(source);
        this.originRequestId = originRequestId;
        this.messageId = messageId;
    }

    /** @return the message ID of the SQS message or SNS record this scope works on, when it is a record's scope */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /**
     * The IDs of the invocation the current thread works for: inside a handler, or in a task wrapped by
     * {@link Propagation}.
     *
     * @return the IDs, or empty outside any invocation
     */
    public static Optional<RequestIds> current() {
        Invocation invocation = CurrentInvocation.get();
        return invocation == null ? Optional.empty() : Optional.of(invocation.ids());
    }

    /**
     * @return the API Gateway request ID (what clients see as {@code x-amzn-RequestId}), or the placeholder
     *     when {@link #source()} is {@link Source#NONE}
     */
    public String apiGatewayRequestId() {
        return apiGatewayRequestId;
    }

    /** @return the extended request ID ({@code x-amz-apigw-id}), when the event carries one */
    public Optional<String> extendedRequestId() {
        return Optional.ofNullable(extendedRequestId);
    }

    /** @return the Lambda request ID ({@code Context.getAwsRequestId()}), or the placeholder without a context */
    public String lambdaRequestId() {
        return lambdaRequestId;
    }

    /** @return where the API Gateway request ID came from */
    public Source source() {
        return source;
    }

    /**
     * @return the request ID that started the chain this invocation continues (a message, a synchronous invoke or
     *     an HTTP call made while another request was being handled), when one came with the event; it came from
     *     data a sender controls, so it is only ever written under its own key, {@code OriginRequestId}
     */
    public Optional<String> originRequestId() {
        return Optional.ofNullable(originRequestId);
    }

    /**
     * The ID one search finds every line of this request's whole story with: the origin's when this invocation
     * continues another request, else this invocation's own API Gateway request ID. This is what goes with the
     * messages, invokes and HTTP calls it makes.
     *
     * @return the ID, or empty when this invocation has neither
     */
    public Optional<String> chainRequestId() {
        if (originRequestId != null) {
            return Optional.of(originRequestId);
        }
        return source == Source.NONE ? Optional.empty() : Optional.of(apiGatewayRequestId);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RequestIds)) {
            return false;
        }
        RequestIds that = (RequestIds) other;
        return apiGatewayRequestId.equals(that.apiGatewayRequestId)
                && Objects.equals(extendedRequestId, that.extendedRequestId)
                && lambdaRequestId.equals(that.lambdaRequestId) && source == that.source
                && Objects.equals(originRequestId, that.originRequestId) && Objects.equals(messageId, that.messageId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiGatewayRequestId, extendedRequestId, lambdaRequestId, source, originRequestId,
                messageId);
    }

    @Override
    public String toString() {
        return "RequestIds[apiGateway=" + apiGatewayRequestId + ", extended=" + extendedRequestId
                + ", lambda=" + lambdaRequestId + ", source=" + source
                + (originRequestId == null ? "" : ", origin=" + originRequestId)
                + (messageId == null ? "" : ", message=" + messageId) + "]";
    }
}
