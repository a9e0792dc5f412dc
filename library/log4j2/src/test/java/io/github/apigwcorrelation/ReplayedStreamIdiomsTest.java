package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractReplayedStreamIdiomsTest} on Log4j2. */
class ReplayedStreamIdiomsTest extends AbstractReplayedStreamIdiomsTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }
}
