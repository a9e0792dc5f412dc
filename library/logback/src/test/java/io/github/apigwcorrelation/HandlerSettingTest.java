package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractHandlerSettingTest} on Logback. */
class HandlerSettingTest extends AbstractHandlerSettingTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
