package io.github.apigwcorrelation.reliability;

import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractHostileCorpusTest} on Logback. */
class HostileCorpusTest extends AbstractHostileCorpusTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }
}
