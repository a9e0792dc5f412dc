package io.github.apigwcorrelation.propagation.internal;

import io.github.apigwcorrelation.internal.inject.Backends;
import io.github.apigwcorrelation.spi.LoggingBackend;
import io.github.apigwcorrelation.spi.LoggingBackend.Level;

/**
 * The library's own WARN lines, through the same logging backend adapter (and logger) as the core's. This is the
 * one place in this module that reaches into the core's private package: the core has no public hook for its own
 * lines yet.
 */
public final class Warnings {
    private Warnings() {}

    /**
     * Writes one WARN line; never throws, because a failure to log must not fail the user's call.
     *
     * @param message the whole message, without the {@code apigw-correlation: } prefix
     */
    public static void warn(String message) {
        try {
            LoggingBackend backend = Backends.get();
            if (backend.isEnabled(Level.WARN)) {
                backend.log(Level.WARN, "apigw-correlation: " + message, null);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // logging itself failed: nothing better to do
        }
    }
}
