package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.LoggingHarness;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/** {@link AbstractRecorderAndChainAttacksTest} on Log4j2. */
class RecorderAndChainAttacksTest extends AbstractRecorderAndChainAttacksTest {
    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }

    @Override
    protected boolean isErrorEnabled(String logger) {
        return LogManager.getLogger(logger).isErrorEnabled();
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
