package com.example.orders;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.LogLevel;

/**
 * The sample's {@link Correlation}: the library's defaults plus the flight recorder. An invocation's DEBUG lines (and
 * those of its propagated workers) are kept, not written; they are written, in order, with their own time, thread
 * and IDs, only when the invocation fails: the handler throws, returns a 5xx, or logs an ERROR line; for an SQS
 * consumer, per failed message. A request that succeeds costs no DEBUG line in the logs.
 */
final class OrdersCorrelation {
    static final Correlation CORRELATION = Correlation.builder().flightRecorder(LogLevel.DEBUG).build();

    private OrdersCorrelation() {}
}
