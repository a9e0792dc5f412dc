package io.github.apigwcorrelation.testing;

import io.github.apigwcorrelation.Correlation;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures every event of a test with the context the backend built for it, on the logging thread. Register with
 * {@code @RegisterExtension}; capturing starts before each test and stops after.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
    /**
     * One captured event.
     *
     * @param level {@code INFO}, {@code WARN}, ...
     * @param thrown the very exception that was logged, or null
     */
    public record Line(String level, String logger, String message, Map<String, String> context, String thread,
            Throwable thrown) {
        public String lambdaId() {
            return context.get(Correlation.LAMBDA_REQUEST_ID_KEY);
        }

        public String apiGatewayId() {
            return context.get(Correlation.DEFAULT_REQUEST_ID_KEY);
        }
    }

    /** A capture under way. */
    public interface Capture extends AutoCloseable {
        /** @return the events captured so far, and forgets them */
        List<Line> drain();

        @Override
        void close();
    }

    private final Supplier<LoggingHarness> harness;
    private Capture capture;

    /** @param harness the backend under test (asked for when each test starts) */
    public CapturedLogs(Supplier<LoggingHarness> harness) {
        this.harness = harness;
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        capture = harness.get().capture();
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        capture.close();
    }

    /** @return the events captured so far, and forgets them */
    public List<Line> drain() {
        return capture.drain();
    }
}
