package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractReplayedStreamIdiomsTest} on Logback. */
class ReplayedStreamIdiomsTest extends AbstractReplayedStreamIdiomsTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
