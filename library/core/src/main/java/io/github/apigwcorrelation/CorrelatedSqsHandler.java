package io.github.apigwcorrelation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.apigwcorrelation.spi.ContextEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Base class for SQS consumers: each message is handled in a scope of its own, so its lines carry the
 * {@code OriginRequestId} of the request that sent it (the client's {@code x-amzn-RequestId} when an API function
 * sent it) and its {@code MessageId}, next to this function's {@code AWSRequestId}. A message whose
 * {@link #handleMessage} throws is reported as a batch item failure (configure the event source mapping with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}), with one ERROR line carrying its IDs; the other
 * messages of the batch are still handled.
 *
 * <pre>{@code
 * public class FulfilOrderHandler extends CorrelatedSqsHandler {
 *     protected void handleMessage(SQSEvent.SQSMessage message, Context context) {
 *         log.info("fulfilling {}", message.getBody());   // OriginRequestId and MessageId on this line
 *     }
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public abstract class CorrelatedSqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final Correlation correlation;

    /** Uses {@link Correlation#defaults()}. */
    protected CorrelatedSqsHandler() {
        this(Correlation.defaults());
    }

    /** @param correlation the configuration to use */
    protected CorrelatedSqsHandler(Correlation correlation) {
        this.correlation = Objects.requireNonNull(correlation, "correlation");
    }

    /** Handles each message in its own scope, inside the invocation's; reports the ones that threw. */
    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> messages = event == null || event.getRecords() == null
                ? List.of() : event.getRecords();
        try (CorrelationScope invocation = correlation.openBatch(messages.size(), "SQS message", context)) {
            for (SQSEvent.SQSMessage message : messages) {
                try (CorrelationScope record = correlation.openRecord(message, context)) {
                    try {
                        handleMessage(message, context);
                    } catch (Exception failure) {
                        recordFailed(record, failure);
                        failures.add(new SQSBatchResponse.BatchItemFailure(
                                message == null ? null : message.getMessageId()));
                    } catch (Error failure) {
                        recordFailed(record, failure); // its story and IDs, then the whole batch fails as before
                        throw failure;
                    }
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    /**
     * The handler's work for one message; its lines carry the message's IDs.
     *
     * @param message the message
     * @param context the Lambda context
     * @throws Exception to report this message as a batch item failure (it comes back later; the others do not)
     */
    protected abstract void handleMessage(SQSEvent.SQSMessage message, Context context) throws Exception;

    /** What the record's flight recorder holds, then one ERROR line with its IDs and the exception. */
    static void recordFailed(CorrelationScope record, Throwable failure) {
        ContextEntries entries = ContextEntries.current();
        if (entries != null && entries.recorder() != null) {
            entries.recorder().flush();
        }
        RequestIds ids = record.ids();
        Correlation.logError("Record failed: Message ID: " + ids.messageId().orElse("-") + " Origin Request ID: "
                + ids.originRequestId().orElse("-") + " Lambda Request ID: " + ids.lambdaRequestId(), failure);
    }
}
