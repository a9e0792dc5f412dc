package io.github.apigwcorrelation.reliability;

import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractStaleContextTest} on Logback. */
class StaleContextTest extends AbstractStaleContextTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
