package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractStandardFieldsTest} on Log4j2. */
class StandardFieldsTest extends AbstractStandardFieldsTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }
}
