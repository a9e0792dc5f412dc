package io.github.apigwcorrelation.reliability;

import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractMislabellingUnderLoadTest} on Logback. */
class MislabellingUnderLoadTest extends AbstractMislabellingUnderLoadTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
