package io.github.apigwcorrelation.review;

import io.github.apigwcorrelation.Log4j2Harness;
import io.github.apigwcorrelation.testing.LoggingHarness;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/** {@link AbstractReviewFindingsTest} on Log4j2. */
class ReviewFindingsTest extends AbstractReviewFindingsTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }

    @Override
    protected boolean isErrorEnabled(String logger) {
        return LogManager.getLogger(logger).isErrorEnabled();
    }

    @Override
    protected void debugNullMessage(String logger) {
        LogManager.getLogger(logger).debug((String) null);
    }

    @Override
    protected LoggingHarness.Attached turnOff(String logger) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig off = LoggerConfig.newBuilder().withLoggerName(logger).withLevel(Level.OFF)
                .withAdditivity(true).withConfig(config).build();
        config.addLogger(logger, off);
        context.updateLoggers();
        return () -> {
            config.removeLogger(logger);
            context.updateLoggers();
        };
    }

    @Override
    protected void reconfigure() {
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }
}
