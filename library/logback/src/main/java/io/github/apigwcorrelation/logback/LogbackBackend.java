package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.LoggingBackend;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Logback adapter, found by the core through {@code ServiceLoader} the first time an invocation opens. It puts
 * {@link CorrelationMdcAdapter} on Logback's logger context, through which every event reads its MDC, and writes
 * the library's own lines through SLF4J (logger {@code io.github.apigwcorrelation.Correlation}), the API Logback
 * users log with, so their configuration decides the level and appenders of those lines.
 *
 * <p>It changes nothing per scope: the adapter reads the core's thread-local holder on each event, so the SLF4J
 * {@code MDC} the user writes to is never touched, and nothing of an invocation can stay behind in it. The first
 * invocation with a flight recorder or debug sampling adds {@link InvocationTurboFilter} to the logger context.
 *
 * <p>Nothing waits when an invocation ends: Logback's appenders write on the logging thread, except
 * {@code AsyncAppender}, which offers no way to wait for its last event and must not be used in Lambda.
 */
public final class LogbackBackend implements LoggingBackend {
    private final Logger logger;
    private final LoggerContext context;

    /** Called by {@code ServiceLoader}. */
    public LogbackBackend() {
        CorrelationMdcAdapter.installOn(LoggerFactory.getILoggerFactory());
        logger = LoggerFactory.getLogger(Correlation.class);
        context = LoggerFactory.getILoggerFactory() instanceof LoggerContext
                ? (LoggerContext) LoggerFactory.getILoggerFactory() : null;
    }

    static Level level(ch.qos.logback.classic.Level level) {
        switch (level.toInt()) {
            case ch.qos.logback.classic.Level.TRACE_INT:
                return Level.TRACE;
            case ch.qos.logback.classic.Level.DEBUG_INT:
                return Level.DEBUG;
            case ch.qos.logback.classic.Level.INFO_INT:
                return Level.INFO;
            case ch.qos.logback.classic.Level.WARN_INT:
                return Level.WARN;
            default:
                return level.toInt() < ch.qos.logback.classic.Level.TRACE_INT ? Level.TRACE : Level.ERROR;
        }
    }

    @Override
    public String name() {
        return "Logback";
    }

    @Override
    public boolean isEnabled(Level level) {
        switch (level) {
            case TRACE:
                return logger.isTraceEnabled();
            case DEBUG:
                return logger.isDebugEnabled();
            case INFO:
                return logger.isInfoEnabled();
            case WARN:
                return logger.isWarnEnabled();
            default:
                return logger.isErrorEnabled();
        }
    }

    @Override
    public void log(Level level, String message, Throwable thrown) {
        // The (String, Throwable) forms never format: a message holding "{}" is written as it is.
        switch (level) {
            case TRACE:
                logger.trace(message, thrown);
                return;
            case DEBUG:
                logger.debug(message, thrown);
                return;
            case INFO:
                logger.info(message, thrown);
                return;
            case WARN:
                logger.warn(message, thrown);
                return;
            default:
                logger.error(message, thrown);
        }
    }

    @Override
    public Object installed(ContextEntries entries) {
        if (context == null) {
            return null;
        }
        if (!(context.getMDCAdapter() instanceof CorrelationMdcAdapter)) {
            // Someone put another MDC adapter on the context since (a framework, a test): wrap that one too.
            CorrelationMdcAdapter.installOn(context);
        }
        if (entries.recorder() != null || entries.sampled()) {
            InvocationTurboFilter.ensureOn(context);
        }
        return null;
    }

    /**
     * Writes the recorded events to the appenders of their own loggers, as if logged now but with their own time,
     * thread and MDC: the configured appenders and their filters apply; the level check is behind them.
     */
    @Override
    public void write(List<Object> recorded, long dropped) {
        if (context == null) {
            return;
        }
        InvocationTurboFilter.writing(() -> {
            if (dropped > 0) {
                logger.warn("apigw-correlation: the flight recorder dropped the {} oldest lines of this invocation "
                        + "(its byte limit is set by Correlation.Builder.flightRecorderBytes)", dropped);
            }
            for (Object line : recorded) {
                if (line instanceof ILoggingEvent) {
                    ILoggingEvent event = (ILoggingEvent) line;
                    context.getLogger(event.getLoggerName()).callAppenders(event);
                }
            }
        });
    }
}
