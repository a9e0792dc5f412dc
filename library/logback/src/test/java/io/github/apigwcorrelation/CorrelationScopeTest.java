package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractCorrelationScopeTest} on Logback. */
class CorrelationScopeTest extends AbstractCorrelationScopeTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
