package io.github.apigwcorrelation.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import io.github.apigwcorrelation.logback.CorrelationJsonEncoder;
import io.github.apigwcorrelation.logback.OneLineThrowableConverter;
import io.github.apigwcorrelation.logback.PrintableConverter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The Logback counterpart of {@link NullSinkLogging}: Logback's logger context, configured in code, writes through a
 * real encoder and Logback's own {@link OutputStreamAppender} into a {@link DiscardingSink}, so a log call pays for
 * the turbo filters, the level check, the event and its MDC, the encoder and the appender, and nothing is kept.
 *
 * <p>Runs only on {@code target/classpath/logback.txt} (no Log4j2, no Powertools): the core finds its backend with
 * {@code ServiceLoader}, and two adapters, or two SLF4J providers, on one class path are an error the user never has.
 */
public final class LogbackSinkLogging {
    /**
     * The Text pattern of a Logback function that logs the Lambda ID today: the sample's pattern without the API
     * Gateway ID, with Logback's own converters only ({@code %printable} and {@code %oneLineEx} are the library's).
     */
    public static final String PLAIN_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %X{AWSRequestId} - %-5level"
            + " %logger{0} - %msg%n";
    /**
     * The library's Text pattern, verbatim from {@code sample-function-logback/src/main/resources/logback.xml} and
     * {@code docs/logback.md} (FixturesTest compares them).
     */
    public static final String OURS_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %printable(%X{AWSRequestId} APIG: "
            + "%X{ApiGatewayRequestId}%replace( ORIGIN: %X{OriginRequestId}){'^ ORIGIN: $', ''} - %-5level %logger{0} - "
            + "%msg%oneLineEx){}%n";

    /** Which encoder writes the lines. */
    public enum Format {
        /** {@code PatternLayoutEncoder} with a pattern. */
        PATTERN,
        /** The library's {@code CorrelationJsonEncoder}: every MDC entry as a top-level field. */
        JSON
    }

    private LogbackSinkLogging() {}

    /**
     * Configures the logger context SLF4J is bound to: the root logger at {@code rootLevel} writes into
     * {@code sink} only. Can run again in the same JVM (the fixture checks do): it resets the context first, which
     * also removes the turbo filters.
     *
     * @param format the encoder
     * @param pattern the pattern, for {@link Format#PATTERN}
     * @param sink where the encoded lines go
     * @param rootLevel the root logger's level
     * @return the configured context
     */
    public static LoggerContext start(Format format, String pattern, DiscardingSink sink, Level rootLevel) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            throw new IllegalStateException("SLF4J is not bound to Logback but to "
                    + LoggerFactory.getILoggerFactory().getClass().getName() + ": run this on target/classpath/logback.txt");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset(); // drops the console appender of Logback's default configuration
        registerConverters(context);
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setName("NullSink");
        appender.setContext(context);
        appender.setEncoder(encoder(context, format, pattern));
        appender.setOutputStream(sink);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel);
        root.addAppender(appender);
        return context;
    }

    /** What {@code <conversionRule>} does for the sample's two converters. */
    private static void registerConverters(LoggerContext context) {
        Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
        rules.put("printable", PrintableConverter::new);
        rules.put("oneLineEx", OneLineThrowableConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format, String pattern) {
        if (format == Format.JSON) {
            CorrelationJsonEncoder json = new CorrelationJsonEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(pattern);
        text.start();
        return text;
    }

    /**
     * Fails unless the library is inert in this JVM: Logback's own MDC adapter, no turbo filter. The Logback adapter
     * acts only once an invocation opens (the core loads it then), so a plain contender that opens none is plain
     * even with the library's jar present, which its JSON line needs for the same encoder as ours.
     *
     * @param context the logger context
     */
    public static void requireLibraryInert(LoggerContext context) {
        String adapter = context.getMDCAdapter().getClass().getName();
        if (adapter.startsWith("io.github.apigwcorrelation") || !context.getTurboFilterList().isEmpty()) {
            throw new IllegalStateException("the library acts on a plain Logback contender: MDC adapter " + adapter
                    + ", turbo filters " + context.getTurboFilterList());
        }
    }
}
