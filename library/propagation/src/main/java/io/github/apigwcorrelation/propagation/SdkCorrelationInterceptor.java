package io.github.apigwcorrelation.propagation;

import io.github.apigwcorrelation.propagation.internal.ChainId;
import io.github.apigwcorrelation.propagation.internal.SdkDispatch;
import io.github.apigwcorrelation.propagation.internal.SdkRequestHandler;
import io.github.apigwcorrelation.propagation.internal.SdkSettings;
import io.github.apigwcorrelation.propagation.internal.Warnings;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Adds the current invocation's chain request ID ({@code RequestIds.current().flatMap(RequestIds::chainRequestId)})
 * to the AWS SDK for Java v2 calls that can carry it to the next function:
 *
 * <ul>
 *   <li>SQS {@code SendMessage} and {@code SendMessageBatch} (each entry): message attribute
 *       {@value PropagationNames#MESSAGE_ATTRIBUTE}, data type {@code String};</li>
 *   <li>SNS {@code Publish} and {@code PublishBatch} (each entry): the same message attribute, which SNS hands on to
 *       its SQS, Lambda and HTTP subscribers;</li>
 *   <li>Lambda {@code Invoke} and {@code InvokeWithResponseStream}: the entry {@value PropagationNames#CLIENT_CONTEXT_KEY}
 *       of the client context's {@code custom} map, merged into a client context the caller set, which the function
 *       invoked reads from {@code Context.getClientContext().getCustom()} (Lambda passes a client context on
 *       synchronous invocations only);</li>
 *   <li>EventBridge {@code PutEvents}, only when {@link Builder#eventBridgeDetailField(String)} names a field: that
 *       top-level field of each entry's {@code Detail}.</li>
 * </ul>
 *
 * <p>It never overwrites what the caller set (an attribute, a {@code custom} entry or a detail field of that name
 * stays as it is), never makes a call fail (a message with 10 attributes already, or one the attribute would push
 * past a size limit, and a client context that would grow past Lambda's 3,583 characters, are sent unchanged, with
 * one WARN line a call on the logger {@code io.github.apigwcorrelation.Correlation}), and does nothing at all
 * outside an invocation, or when the invocation has no chain request ID.
 *
 * <p>Registration: this artifact lists this class in {@code software/amazon/awssdk/global/handlers/execution.interceptors},
 * so every SDK client built in the JVM runs it without code. To configure it (EventBridge), add an instance built
 * here to the client as well:
 *
 * <pre>{@code
 * EventBridgeClient events = EventBridgeClient.builder()
 *         .overrideConfiguration(c -> c.addExecutionInterceptor(
 *                 SdkCorrelationInterceptor.builder().eventBridgeDetailField("originRequestId").build()))
 *         .build();
 * }</pre>
 *
 * Each call is handled once, by the first of these interceptors that handles its kind: the global one and one added
 * by hand never both add, nor both warn.
 *
 * <p>Service modules are optional: the interceptor looks at a request's class name and loads the code for a service
 * only after it has seen a request of that service, so a user with the SQS client alone needs nothing else.
 *
 * <p>Cost: outside an invocation, one thread-local read; inside, one lookup by request class, and for the calls
 * above a copy of the request with the attribute added.
 *
 * @since 0.2.0
 */
public final class SdkCorrelationInterceptor implements ExecutionInterceptor {
    /** Set by the interceptor that added the ID to a call, so that no other instance handles that call again. */
    private static final ExecutionAttribute<Boolean> HANDLED = new ExecutionAttribute<>("apigw-correlation.handled");

    private final SdkSettings settings;

    /**
     * The defaults: SQS, SNS and Lambda, no EventBridge. Public because the SDK creates the globally registered
     * interceptor through this constructor.
     */
    public SdkCorrelationInterceptor() {
        this(new SdkSettings(null));
    }

    private SdkCorrelationInterceptor(SdkSettings settings) {
        this.settings = settings;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the chain request ID to the request, when there is one, the request is of a kind listed above and no other
     * instance of this class has already done it for this call.
     *
     * @param context the request
     * @param executionAttributes the call's attributes
     * @return the request to send
     */
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
        SdkRequest request = context.request();
        String id = ChainId.current();
        if (id == null) {
            return request;
        }
        try {
            SdkRequestHandler handler = SdkDispatch.handler(request.getClass());
            if (handler == SdkRequestHandler.NONE || !handler.appliesTo(settings)
                    || executionAttributes.getAttribute(HANDLED) != null) {
                return request;
            }
            executionAttributes.putAttribute(HANDLED, Boolean.TRUE);
            return handler.apply(request, id, settings);
        } catch (RuntimeException | LinkageError e) {
            // Never the reason a user's call fails: send it as it was.
            Warnings.warn("could not add the request ID to " + request.getClass().getSimpleName() + ", sent as it was: "
                    + e);
            return request;
        }
    }

    @Override
    public String toString() {
        return "SdkCorrelationInterceptor[eventBridgeDetailField=" + settings.eventBridgeDetailField() + "]";
    }

    /** Configures a {@link SdkCorrelationInterceptor}. */
    public static final class Builder {
        private String eventBridgeDetailField;

        private Builder() {}

        /**
         * Opts in to EventBridge: the chain request ID is added to each {@code PutEvents} entry whose {@code Detail}
         * is a JSON object without a top-level {@code field}, as {@code "field":"<id>"}, the last member. Off by
         * default because it changes the event the user wrote: a schema in the schema registry, a rule pattern or a
         * target's input transformer that expects exactly the user's fields may then reject or mismatch it, so only
         * the user can decide. ({@code TraceHeader}, the only other per-entry field, belongs to X-Ray.)
         *
         * @param field the top-level field name: 1 to 64 characters of letters, digits, {@code _} and {@code -};
         *     null turns EventBridge off again
         * @return this builder
         * @throws IllegalArgumentException naming the problem with {@code field}
         */
        public Builder eventBridgeDetailField(String field) {
            if (field != null && !field.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("eventBridgeDetailField must be 1 to 64 letters, digits, '_' or '-',"
                        + " was '" + field + "'");
            }
            this.eventBridgeDetailField = field;
            return this;
        }

        /** @return the interceptor */
        public SdkCorrelationInterceptor build() {
            return new SdkCorrelationInterceptor(new SdkSettings(eventBridgeDetailField));
        }
    }
}
