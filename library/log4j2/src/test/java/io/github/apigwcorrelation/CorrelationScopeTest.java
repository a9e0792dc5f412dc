package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractCorrelationScopeTest} on Log4j2. */
class CorrelationScopeTest extends AbstractCorrelationScopeTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }
}
