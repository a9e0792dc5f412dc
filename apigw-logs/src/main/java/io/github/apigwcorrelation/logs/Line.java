package io.github.apigwcorrelation.logs;

/**
 * What one log message says about the request it belongs to. Every field but {@code kind} may be
 * {@code null}.
 *
 * @param kind what wrote the line
 * @param apiGatewayRequestId API Gateway request ID ({@code x-amzn-RequestId} the client saw)
 * @param lambdaRequestId Lambda request ID ({@code AWSRequestId})
 * @param extendedRequestId API Gateway extended request ID ({@code x-amz-apigw-id})
 * @param status HTTP status the method returned
 * @param latencyMs API Gateway response latency
 * @param integrationLatencyMs API Gateway integration latency
 * @param durationMs Lambda duration (REPORT)
 * @param initDurationMs Lambda init duration (REPORT of a cold start)
 * @param requestTimeEpoch when API Gateway received the request (access log {@code requestTimeEpoch}), epoch ms
 * @param originRequestId the request that started the chain this line's function works for ({@code OriginRequestId}:
 *     the API Gateway request ID the client saw, carried through a queue, a topic, an event or a call)
 * @param record what the library's own line about a record or a batch says, when this is such a line
 */
record Line(Kind kind, String apiGatewayRequestId, String lambdaRequestId, String extendedRequestId,
            String status, String latencyMs, String integrationLatencyMs, String durationMs,
            String initDurationMs, String requestTimeEpoch, String originRequestId, RecordLine record) {

    /** What wrote a line. */
    enum Kind {
        /** API Gateway execution log: {@code (<request id>) ...}. */
        EXECUTION,
        /** API Gateway access log entry (JSON). */
        ACCESS,
        /** Lambda {@code START} / {@code platform.start}. */
        START,
        /** Lambda {@code END} / {@code platform.runtimeDone} / {@code platform.end}. */
        END,
        /** Lambda {@code REPORT} / {@code platform.report}. */
        REPORT,
        /** Another Lambda platform line ({@code INIT_START}, {@code platform.initStart}, ...). */
        PLATFORM,
        /** An application line (text or JSON). */
        APP
    }

    /**
     * A line the library writes through its own logger about the records of an SQS or SNS batch:
     * {@code Record: Message ID: <id> Origin Request ID: <origin> Lambda Request ID: <id>[ Sent: <time> (<n> ms ago)]},
     * {@code Record failed: ...} (ERROR), or the batch's invocation line {@code Lambda Request ID: <id> (3 SQS messages)}.
     *
     * @param what which of the three
     * @param messageId the record's {@code MessageId} ({@code null} for the batch line)
     * @param sentAt when the service accepted the message (SQS {@code SentTimestamp}, SNS {@code Timestamp}), epoch
     *     ms, or {@code null} when the line does not say
     */
    record RecordLine(What what, String messageId, Long sentAt) {
        /** Which line of the library. */
        enum What {
            /** {@code Record: ...}: the record is about to be handled. */
            RECEIVED,
            /** {@code Record failed: ...}: its handler threw; it comes back (a retry) or goes to a dead-letter queue. */
            FAILED,
            /** {@code Lambda Request ID: <id> (N SQS messages)}: the invocation's line for the whole batch. */
            BATCH
        }
    }

    static Line of(Kind kind) {
        return new Line(kind, null, null, null, null, null, null, null, null, null, null, null);
    }

    Line withIds(String apigw, String lambda) {
        return new Line(kind, clean(apigw), clean(lambda), extendedRequestId, status, latencyMs,
                integrationLatencyMs, durationMs, initDurationMs, requestTimeEpoch, originRequestId, record);
    }

    Line withExtended(String extended) {
        return new Line(kind, apiGatewayRequestId, lambdaRequestId, clean(extended), status, latencyMs,
                integrationLatencyMs, durationMs, initDurationMs, requestTimeEpoch, originRequestId, record);
    }

    Line withStatus(String newStatus, String latency, String integrationLatency) {
        return new Line(kind, apiGatewayRequestId, lambdaRequestId, extendedRequestId, clean(newStatus),
                clean(latency), clean(integrationLatency), durationMs, initDurationMs, requestTimeEpoch, originRequestId,
                record);
    }

    Line withDurations(String duration, String init) {
        return new Line(kind, apiGatewayRequestId, lambdaRequestId, extendedRequestId, status, latencyMs,
                integrationLatencyMs, clean(duration), clean(init), requestTimeEpoch, originRequestId, record);
    }

    Line withRequestTime(String epochMillis) {
        return new Line(kind, apiGatewayRequestId, lambdaRequestId, extendedRequestId, status, latencyMs,
                integrationLatencyMs, durationMs, initDurationMs, clean(epochMillis), originRequestId, record);
    }

    Line withOrigin(String origin) {
        return new Line(kind, apiGatewayRequestId, lambdaRequestId, extendedRequestId, status, latencyMs,
                integrationLatencyMs, durationMs, initDurationMs, requestTimeEpoch, clean(origin), record);
    }

    Line withRecord(RecordLine recordLine) {
        return new Line(kind, apiGatewayRequestId, lambdaRequestId, extendedRequestId, status, latencyMs,
                integrationLatencyMs, durationMs, initDurationMs, requestTimeEpoch, originRequestId, recordLine);
    }

    /** A platform-looking line whose claim did not hold: an application line with no IDs. */
    Line demoted() {
        return Line.of(Kind.APP);
    }

    /** API Gateway and our layout write {@code -} for a value they do not have. */
    private static String clean(String v) {
        return v == null || v.isBlank() || v.equals("-") ? null : v.strip();
    }
}
