package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractReviewRegressionTest} on Log4j2. */
class ReviewRegressionTest extends AbstractReviewRegressionTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }
}
