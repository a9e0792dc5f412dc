package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractPropagationTest} on Log4j2. */
class PropagationTest extends AbstractPropagationTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }
}
