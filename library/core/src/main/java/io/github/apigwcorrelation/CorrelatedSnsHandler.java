package io.github.apigwcorrelation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import java.util.List;
import java.util.Objects;

/**
 * Base class for SNS subscribers: each record is handled in a scope of its own, so its lines carry the
 * {@code OriginRequestId} of the request that published it and its {@code MessageId}, next to this function's
 * {@code AWSRequestId}. A record whose {@link #handleRecord} throws ends the invocation with that exception (SNS
 * retries the whole delivery), after one ERROR line carrying the record's IDs.
 *
 * @since 0.2.0
 */
public abstract class CorrelatedSnsHandler implements RequestHandler<SNSEvent, Void> {
    private final Correlation correlation;

    /** Uses {@link Correlation#defaults()}. */
    protected CorrelatedSnsHandler() {
        this(Correlation.defaults());
    }

    /** @param correlation the configuration to use */
    protected CorrelatedSnsHandler(Correlation correlation) {
        this.correlation = Objects.requireNonNull(correlation, "correlation");
    }

    /** Handles each record in its own scope, inside the invocation's. */
    @Override
    public final Void handleRequest(SNSEvent event, Context context) {
        List<SNSEvent.SNSRecord> records = event == null || event.getRecords() == null
                ? List.of() : event.getRecords();
        try (CorrelationScope invocation = correlation.openBatch(records.size(), "SNS record", context)) {
            for (SNSEvent.SNSRecord record : records) {
                try (CorrelationScope scope = correlation.openRecord(record, context)) {
                    try {
                        handleRecord(record, context);
                    } catch (RuntimeException | Error failure) {
                        CorrelatedSqsHandler.recordFailed(scope, failure);
                        throw failure;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The handler's work for one record; its lines carry the record's IDs.
     *
     * @param record the record
     * @param context the Lambda context
     */
    protected abstract void handleRecord(SNSEvent.SNSRecord record, Context context);
}
