package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractFlightRecorderTest} on Logback. */
class FlightRecorderTest extends AbstractFlightRecorderTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
