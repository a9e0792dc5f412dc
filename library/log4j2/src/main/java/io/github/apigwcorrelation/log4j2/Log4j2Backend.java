package io.github.apigwcorrelation.log4j2;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.LoggingBackend;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The Log4j2 adapter, found by the core through {@code ServiceLoader}. The IDs reach each event through
 * {@link CorrelationContextDataProvider}; this class writes the library's own lines through the Log4j2 API (logger
 * {@code io.github.apigwcorrelation.Correlation}, so the user's configuration decides their level and appenders),
 * and waits for async loggers when an invocation ends.
 *
 * <p>It also mirrors {@code AWSRequestId} into the {@code ThreadContext} while a scope is open, for code that reads
 * it there, and for the provider path (another {@code ContextDataInjector} configured), where Log4j2 merges its
 * context data providers in class-path order, so the {@code ThreadContext}'s own provider may come last and win
 * with a stale {@code AWSRequestId} (the Java runtime sets it and never removes it). The API Gateway keys stay out
 * of the {@code ThreadContext}, so an inheritable one cannot carry them into a thread that outlives the
 * invocation.
 */
public final class Log4j2Backend implements LoggingBackend {
    private static final String LAMBDA_KEY = Correlation.LAMBDA_REQUEST_ID_KEY;
    /** What {@link #installed} returns when the {@code ThreadContext} had no {@code AWSRequestId}. */
    private static final Object ABSENT = new Object();
    private final Logger logger = LogManager.getLogger(Correlation.class);

    /** Called by {@code ServiceLoader}. */
    public Log4j2Backend() {}

    @Override
    public String name() {
        return "Log4j2";
    }

    @Override
    public boolean isEnabled(Level level) {
        return logger.isEnabled(level(level));
    }

    @Override
    public void log(Level level, String message, Throwable thrown) {
        logger.log(level(level), message, thrown);
    }

    @Override
    public Object installed(ContextEntries entries) {
        String previous = ThreadContext.get(LAMBDA_KEY);
        ThreadContext.put(LAMBDA_KEY, entries.get(LAMBDA_KEY));
        return previous == null ? ABSENT : previous;
    }

    @Override
    public void restored(Object state) {
        if (state == ABSENT) {
            ThreadContext.remove(LAMBDA_KEY);
        } else if (state instanceof String) {
            ThreadContext.put(LAMBDA_KEY, (String) state);
        }
    }

    @Override
    public void invocationEnded() {
        AsyncLogDrain.invocationEnded(logger);
    }

    private static org.apache.logging.log4j.Level level(Level level) {
        switch (level) {
            case DEBUG:
                return org.apache.logging.log4j.Level.DEBUG;
            case INFO:
                return org.apache.logging.log4j.Level.INFO;
            case WARN:
                return org.apache.logging.log4j.Level.WARN;
            default:
                return org.apache.logging.log4j.Level.ERROR;
        }
    }
}
