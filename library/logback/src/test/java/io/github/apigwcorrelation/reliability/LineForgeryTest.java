package io.github.apigwcorrelation.reliability;

import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractLineForgeryTest} on Logback. */
class LineForgeryTest extends AbstractLineForgeryTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
