package io.github.apigwcorrelation.internal.inject;

import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.LoggingBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's tests run without a logging backend; this one, registered in the test resources, records what the
 * core tells an adapter, so that the core's own lines and the scope calls can be checked without Log4j2 or
 * Logback.
 */
public final class RecordingBackend implements LoggingBackend {
    private static final List<String> LINES = new ArrayList<>();

    /** Called by {@code ServiceLoader}. */
    public RecordingBackend() {}

    /** @return the lines recorded since the last call, each as {@code LEVEL message}, and forgets them */
    public static List<String> drain() {
        synchronized (LINES) {
            List<String> lines = new ArrayList<>(LINES);
            LINES.clear();
            return lines;
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

    @Override
    public Object installed(ContextEntries entries) {
        return entries;
    }
}
