package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.Correlation;
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
        scope = Correlation.builder().logInvocationLine(false).build().open(Events.restProxy(), new BenchContext());
    }

    @Override
    void removeIds() {
        scope.close();
    }

    @Override
    String[] expectedIds() {
        return new String[] {BenchContext.LAMBDA_REQUEST_ID, Events.REST_REQUEST_ID};
    }
}
