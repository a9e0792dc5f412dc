package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractPropagationTest} on Logback. */
class PropagationTest extends AbstractPropagationTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
