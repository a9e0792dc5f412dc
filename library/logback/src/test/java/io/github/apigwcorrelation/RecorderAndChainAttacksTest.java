package io.github.apigwcorrelation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.github.apigwcorrelation.testing.LoggingHarness;
import org.slf4j.LoggerFactory;

/** {@link AbstractRecorderAndChainAttacksTest} on Logback. */
class RecorderAndChainAttacksTest extends AbstractRecorderAndChainAttacksTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }

    @Override
    protected boolean isErrorEnabled(String logger) {
        return LoggerFactory.getLogger(logger).isErrorEnabled();
    }

    @Override
    protected LoggingHarness.Attached turnOff(String logger) {
        ch.qos.logback.classic.Logger silenced = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger);
        silenced.setLevel(Level.OFF);
        return () -> silenced.setLevel(null);
    }

    @Override
    protected void reconfigure() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(RecorderAndChainAttacksTest.class.getResource("/logback-test.xml"));
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new IllegalStateException(e);
        }
    }
}
