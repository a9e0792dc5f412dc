package io.github.apigwcorrelation.reliability;

import io.github.apigwcorrelation.Log4j2Harness;
import io.github.apigwcorrelation.testing.LoggingHarness;

/** {@link AbstractHostileCorpusTest} on Log4j2. */
class HostileCorpusTest extends AbstractHostileCorpusTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }
}
