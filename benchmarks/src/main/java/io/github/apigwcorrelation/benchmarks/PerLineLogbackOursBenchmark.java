package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.CorrelationScope;

/**
 * The same Logback line inside an open invocation of the library's Logback adapter, printing both IDs: the shipped
 * Text pattern, or the library's JSON encoder. The invocation stays open for the whole trial, as it does for every
 * line a handler writes.
 */
public class PerLineLogbackOursBenchmark extends PerLineLogbackBenchmark {
    private CorrelationScope scope;

    @Override
    String pattern() {
        return LogbackSinkLogging.OURS_PATTERN;
    }

    @Override
    void installIds() {
        scope = OursInvocation.open();
    }

    @Override
    void removeIds() {
        scope.close();
    }

    @Override
    String[] expectedIds() {
        return OursInvocation.IDS.clone();
    }
}
