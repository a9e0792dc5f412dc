package io.github.apigwcorrelation.logback;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.spi.LoggingBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Logback adapter, found by the core through {@code ServiceLoader} the first time an invocation opens. It puts
 * {@link CorrelationMdcAdapter} on Logback's logger context, through which every event reads its MDC, and writes
 * the library's own lines through SLF4J (logger {@code io.github.apigwcorrelation.Correlation}), the API Logback
 * users log with, so their configuration decides the level and appenders of those lines.
 *
 * <p>It changes nothing per scope: the adapter reads the core's thread-local holder on each event, so the SLF4J
 * {@code MDC} the user writes to is never touched, and nothing of an invocation can stay behind in it.
 *
 * <p>Nothing waits when an invocation ends: Logback's appenders write on the logging thread, except
 * {@code AsyncAppender}, which offers no way to wait for its last event and must not be used in Lambda.
 */
public final class LogbackBackend implements LoggingBackend {
    private final Logger logger;

    /** Called by {@code ServiceLoader}. */
    public LogbackBackend() {
        CorrelationMdcAdapter.installOn(LoggerFactory.getILoggerFactory());
        logger = LoggerFactory.getLogger(Correlation.class);
    }

    @Override
    public String name() {
        return "Logback";
    }

    @Override
    public boolean isEnabled(Level level) {
        switch (level) {
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
}
