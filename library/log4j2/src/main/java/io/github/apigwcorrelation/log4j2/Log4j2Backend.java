package io.github.apigwcorrelation.log4j2;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.LoggingBackend;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.filter.CompositeFilter;

/**
 * The Log4j2 adapter, found by the core through {@code ServiceLoader}. The IDs reach each event through
 * {@link CorrelationContextDataInjector} (or {@link CorrelationContextDataProvider} where another injector is
 * configured); this class writes the library's own lines through the Log4j2 API (logger
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
    /** The configuration the per-invocation level filter was last added to; null until an invocation needs it. */
    private volatile Configuration filteredConfiguration;
    private volatile boolean watchingReconfiguration;

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
        if (entries.recorder() != null || entries.sampled()) {
            ensureLevelFilter();
        }
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

    /**
     * Writes the recorded events through the configuration's logger configs, as if logged now but with their
     * own time, thread and context: the configured appenders, filters and async loggers apply.
     */
    @Override
    public void write(List<Object> recorded, long dropped) {
        InvocationLevelFilter.writing(() -> {
            if (dropped > 0) {
                logger.warn("apigw-correlation: the flight recorder dropped the {} oldest lines of this invocation "
                        + "(its byte limit is set by Correlation.Builder.flightRecorderBytes)", dropped);
            }
            Configuration config = context().getConfiguration();
            for (Object line : recorded) {
                if (line instanceof LogEvent) {
                    LogEvent event = (LogEvent) line;
                    config.getLoggerConfig(event.getLoggerName()).log(event);
                }
            }
        });
    }

    private LoggerContext context() {
        return ((org.apache.logging.log4j.core.Logger) logger).getContext();
    }

    /**
     * Adds the per-invocation level filter to the current configuration once, and again to every configuration
     * that replaces it (a file watch, a framework's reconfiguration), even in the middle of an invocation.
     */
    private void ensureLevelFilter() {
        if (!watchingReconfiguration) {
            synchronized (this) {
                if (!watchingReconfiguration) {
                    context().addPropertyChangeListener(change -> {
                        if (LoggerContext.PROPERTY_CONFIG.equals(change.getPropertyName())) {
                            ensureLevelFilter();
                        }
                    });
                    watchingReconfiguration = true;
                }
            }
        }
        Configuration config = context().getConfiguration();
        if (filteredConfiguration != config) {
            synchronized (this) {
                if (filteredConfiguration != config) {
                    if (!hasFilter(config.getFilter())) {
                        config.addFilter(InvocationLevelFilter.INSTANCE);
                    }
                    filteredConfiguration = config;
                }
            }
        }
    }

    private static boolean hasFilter(Filter filter) {
        if (filter == InvocationLevelFilter.INSTANCE) {
            return true;
        }
        if (filter instanceof CompositeFilter) {
            for (Filter each : ((CompositeFilter) filter).getFiltersArray()) {
                if (each == InvocationLevelFilter.INSTANCE) {
                    return true;
                }
            }
        }
        return false;
    }

    static Level level(org.apache.logging.log4j.Level level) {
        if (level.isMoreSpecificThan(org.apache.logging.log4j.Level.ERROR)) {
            return Level.ERROR;
        }
        if (level.isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
            return Level.WARN;
        }
        if (level.isMoreSpecificThan(org.apache.logging.log4j.Level.INFO)) {
            return Level.INFO;
        }
        return level.isMoreSpecificThan(org.apache.logging.log4j.Level.DEBUG) ? Level.DEBUG : Level.TRACE;
    }

    private static org.apache.logging.log4j.Level level(Level level) {
        switch (level) {
            case TRACE:
                return org.apache.logging.log4j.Level.TRACE;
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
