package io.github.apigwcorrelation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures every Log4j2 event of a test, with its context data and its line formatted by a pattern in the
 * spirit of the README's. Register with {@code @RegisterExtension}; the appender is attached to the root
 * logger before each test and removed after.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
    static final String PATTERN = "%X{AWSRequestId} APIG: %X{ApiGatewayRequestId} - %-5level %c{1} - %printable{%m}%n";

    /** One captured event. */
    record Line(Level level, String logger, String message, Map<String, String> context, String text,
            String thread, Throwable thrown) {
        String lambdaId() {
            return context.get(Correlation.LAMBDA_REQUEST_ID_KEY);
        }

        String apiGatewayId() {
            return context.get(Correlation.DEFAULT_REQUEST_ID_KEY);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private Appender appender;

    @Override
    public void beforeEach(ExtensionContext extension) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Layout<String> layout = PatternLayout.newBuilder().withConfiguration(config).withPattern(PATTERN).build();
        appender = new AbstractAppender("captured", null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                LogEvent copy = event.toImmutable();
                synchronized (lines) {
                    lines.add(new Line(copy.getLevel(), copy.getLoggerName(), copy.getMessage().getFormattedMessage(),
                            copy.getContextData().toMap(), layout.toSerializable(copy), copy.getThreadName(),
                            copy.getThrown()));
                }
            }
        };
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender("captured");
        context.updateLoggers();
        appender.stop();
    }

    /** @return the events captured so far, and forgets them */
    List<Line> drain() {
        synchronized (lines) {
            List<Line> copy = new ArrayList<>(lines);
            lines.clear();
            return copy;
        }
    }

    /** @return the formatted text of the events captured so far, and forgets them */
    List<String> drainText() {
        return drain().stream().map(Line::text).collect(Collectors.toList());
    }
}
