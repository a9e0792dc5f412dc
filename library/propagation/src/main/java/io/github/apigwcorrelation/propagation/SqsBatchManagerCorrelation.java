package io.github.apigwcorrelation.propagation;

import io.github.apigwcorrelation.propagation.internal.ChainId;
import io.github.apigwcorrelation.propagation.internal.SdkDispatch;
import io.github.apigwcorrelation.propagation.internal.SdkSettings;
import io.github.apigwcorrelation.propagation.internal.Warnings;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Carries the request ID through the SDK's {@code SqsAsyncBatchManager}, which {@link SdkCorrelationInterceptor}
 * cannot: the batch manager buffers the messages of every invocation of the JVM and sends them together from the
 * thread that fills a batch (or from its timer), where the invocation of most entries is not the current one. The
 * interceptor therefore sends the batch manager's batches as they are, and each message gets the ID of the
 * invocation that sends it here, when it is buffered:
 *
 * <pre>{@code
 * batchManager.sendMessage(SqsBatchManagerCorrelation.withRequestId(
 *         SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body).build()));
 * }</pre>
 *
 * @since 0.2.0
 */
public final class SqsBatchManagerCorrelation {
    private static final SdkSettings DEFAULTS = new SdkSettings(null);

    private SqsBatchManagerCorrelation() {}

    /**
     * The same rules as the interceptor's for {@code SendMessage}: the attribute {@value PropagationNames#MESSAGE_ATTRIBUTE}
     * of the current invocation, never over one the caller set, never past SQS's limits (then one WARN line), and
     * nothing outside an invocation.
     *
     * @param request a message to hand to the batch manager
     * @return the message with the current invocation's request ID, or {@code request} itself
     */
    public static SendMessageRequest withRequestId(SendMessageRequest request) {
        String id = ChainId.current();
        if (id == null || request == null) {
            return request;
        }
        try {
            return (SendMessageRequest) SdkDispatch.handler(SendMessageRequest.class).apply(request, id, DEFAULTS);
        } catch (RuntimeException | LinkageError e) {
            Warnings.warn("could not add the request ID to SendMessageRequest, sent as it was: " + e);
            return request;
        }
    }
}
