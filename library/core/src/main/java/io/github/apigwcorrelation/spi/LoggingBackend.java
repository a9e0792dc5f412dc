package io.github.apigwcorrelation.spi;

/**
 * A logging backend adapter: how the IDs of the current invocation reach that backend's log events, and where
 * the library's own lines go. The core has no logging backend of its own; each adapter artifact
 * ({@code apigw-correlation-log4j2}, {@code apigw-correlation-logback}) implements this interface and registers it
 * in {@code META-INF/services/io.github.apigwcorrelation.spi.LoggingBackend}, where {@link java.util.ServiceLoader}
 * finds it the first time the library needs it.
 *
 * <p>The adapter reads the current invocation's entries with {@link ContextEntries#current()} whenever its
 * backend builds a log event; the methods here are the few moments the core tells it about. All of them run on
 * the thread concerned, must be cheap, and must never throw.
 *
 * @since 0.2.0
 */
public interface LoggingBackend {
    /** The levels of the library's own lines. */
    enum Level {
        /** The finest; only recorded or sampled lines use it here. */
        TRACE,
        /** Lines for debugging the library itself. */
        DEBUG,
        /** The optional invocation line. */
        INFO,
        /** Why an ID is missing or was refused. */
        WARN,
        /** A handler threw. */
        ERROR
    }

    /** @return a name for diagnostics, such as {@code "Log4j2"} */
    String name();

    /**
     * @param level a level of the library's own lines
     * @return whether a line at this level would be written by the logger {@code io.github.apigwcorrelation.Correlation}
     */
    boolean isEnabled(Level level);

    /**
     * Writes one of the library's own lines through the backend's logger {@code io.github.apigwcorrelation.Correlation}.
     *
     * @param level its level
     * @param message the whole message, already formatted
     * @param thrown the exception to log with it, or null
     */
    void log(Level level, String message, Throwable thrown);

    /**
     * A scope has installed {@code entries} on the current thread (an invocation, or a task that works for one).
     *
     * @param entries what was installed
     * @return what {@link #restored(Object)} needs to put the thread back as it was, or null
     */
    default Object installed(ContextEntries entries) {
        return null;
    }

    /**
     * The current thread is back to the state it had before the scope whose {@link #installed} returned
     * {@code state}.
     *
     * @param state what {@code installed} returned
     */
    default void restored(Object state) {}

    /**
     * An invocation's scope has closed, on the invocation's thread, before the handler returns: the moment to
     * make sure every line logged so far is written, because Lambda may freeze the process next.
     */
    default void invocationEnded() {}

    /**
     * Writes what an invocation's {@link FlightRecorder} recorded, because the invocation failed: first one line
     * saying how many older lines were dropped (when some were), then each recorded line in order, with its own
     * time, thread, logger and context.
     *
     * @param recorded the adapter's own copies of the lines, as given to {@link FlightRecorder#record}
     * @param dropped how many older lines the byte limit dropped
     */
    default void write(java.util.List<Object> recorded, long dropped) {}
}
