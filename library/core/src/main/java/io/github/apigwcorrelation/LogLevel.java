package io.github.apigwcorrelation;

/**
 * The levels the flight recorder and sampling settings name ({@link Correlation.Builder#flightRecorder},
 * {@link Correlation.Builder#debugSampleRate}), the same in Log4j2 and Logback.
 *
 * @since 0.2.0
 */
public enum LogLevel {
    /** The finest. */
    TRACE,
    /** Debugging detail. */
    DEBUG,
    /** Normal operation. */
    INFO,
    /** Something unexpected that the code handled. */
    WARN,
    /** A failure. */
    ERROR
}
