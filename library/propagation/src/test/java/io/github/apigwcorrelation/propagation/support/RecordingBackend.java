package io.github.apigwcorrelation.propagation.support;

import io.github.apigwcorrelation.spi.LoggingBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's tests run without a real logging backend: this one, registered in the test resources, records the
 * library's own lines so that a test can count the WARN lines a call wrote.
 */
public final class RecordingBackend implements LoggingBackend {
    private static final List<String> LINES = new ArrayList<>();

    /** Called by {@code ServiceLoader}. */
    public RecordingBackend() {}

    /** @return the WARN lines recorded since the last call, and forgets every line */
    public static List<String> drainWarnings() {
        synchronized (LINES) {
            List<String> warnings = new ArrayList<>();
            for (String line : LINES) {
                if (line.startsWith("WARN ")) {
                    warnings.add(line.substring(5));
                }
            }
            LINES.clear();
            return warnings;
        }
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean isEnabled(Level level) {
        return true;
    }

    @Override
    public void log(Level level, String message, Throwable thrown) {
        synchronized (LINES) {
            LINES.add(level + " " + message + (thrown == null ? "" : " " + thrown));
        }
    }
}
