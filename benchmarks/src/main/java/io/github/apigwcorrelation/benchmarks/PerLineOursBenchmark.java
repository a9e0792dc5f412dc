package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.CorrelationScope;

/**
 * The same log line inside an open invocation of the library, printing both IDs: the README's pattern, or
 * the library's JSON template. The invocation stays open for the whole trial, as it does for every line a
 * handler writes.
 */
public class PerLineOursBenchmark extends PerLineBenchmark {
    private CorrelationScope scope;

    @Override
    String layout() {
        return format == NullSinkLogging.Format.PATTERN ? NullSinkLogging.OURS_PATTERN : NullSinkLogging.OURS_TEMPLATE;
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
