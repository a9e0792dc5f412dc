package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractEntryPointsTest} on Log4j2. */
class EntryPointsTest extends AbstractEntryPointsTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }
}
