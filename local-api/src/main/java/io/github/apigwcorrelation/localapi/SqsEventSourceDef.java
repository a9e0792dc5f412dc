package io.github.apigwcorrelation.localapi;

/**
 * An {@code SQS} event of a function: the event source mapping Lambda makes from it.
 *
 * @param function the function it invokes
 * @param eventName the event's name in the template
 * @param queue the logical ID of the queue it reads
 * @param batchSize {@code BatchSize} (10 by default, 1 to 10,000)
 * @param windowSeconds {@code MaximumBatchingWindowInSeconds} (0 by default)
 * @param reportBatchItemFailures whether {@code FunctionResponseTypes} holds {@code ReportBatchItemFailures}
 * @param enabled {@code Enabled} (true by default)
 */
record SqsEventSourceDef(FunctionDef function, String eventName, String queue, int batchSize, int windowSeconds,
        boolean reportBatchItemFailures, boolean enabled) {}
