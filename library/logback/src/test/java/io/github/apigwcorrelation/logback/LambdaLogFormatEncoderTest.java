package io.github.apigwcorrelation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HOSTILE.md, bad configuration: an empty or unknown {@code AWS_LAMBDA_LOG_FORMAT} is Text, with one status line
 * for the unknown; a missing encoder is one ERROR status naming the element to add. Configured through Joran, as
 * a user's {@code logback.xml} is, in a logger context of its own.
 */
class LambdaLogFormatEncoderTest {

    private static List<String> statuses(LoggerContext context, int level) {
        return context.getStatusManager().getCopyOfStatusList().stream().filter(status -> status.getLevel() >= level)
                .map(status -> status.getLevel() + " " + status.getMessage()).collect(Collectors.toList());
    }

    private static final class Reporter extends ContextAwareBase {
        Reporter(LoggerContext context) {
            setContext(context);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "Text", "TEXT", "text"})
    void an_empty_variable_or_any_case_of_text_is_text(String value) {
        LoggerContext context = new LoggerContext();
        assertThat(LambdaLogFormatEncoder.isJson(value, new Reporter(context))).isFalse();
        assertThat(statuses(context, Status.INFO)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"JSON", "Json", "json", " JSON "})
    void any_case_of_json_is_json(String value) {
        assertThat(LambdaLogFormatEncoder.isJson(value, new Reporter(new LoggerContext()))).isTrue();
    }

    @Test
    void an_unset_variable_is_text() {
        assertThat(LambdaLogFormatEncoder.isJson(null, new Reporter(new LoggerContext()))).isFalse();
    }

    @Test
    void an_unknown_value_is_text_with_one_status_line_naming_the_variable_and_the_fix() {
        LoggerContext context = new LoggerContext();
        assertThat(LambdaLogFormatEncoder.isJson("Jsonn\u001b[2K", new Reporter(context))).isFalse();

        assertThat(statuses(context, Status.INFO)).containsExactly("1 AWS_LAMBDA_LOG_FORMAT is 'Jsonn\\u001b[2K', "
                + "which is neither Text nor JSON: logging Text. Set the function's LoggingConfig.LogFormat to Text "
                + "or JSON.");
    }

    private static LoggerContext configured(String encoderBody) throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        String xml = "<configuration>"
                + "<conversionRule conversionWord=\"printable\" class=\"" + PrintableConverter.class.getName() + "\"/>"
                + "<conversionRule conversionWord=\"oneLineEx\" class=\"" + OneLineThrowableConverter.class.getName() + "\"/>"
                + "<appender name=\"LAMBDA\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder class=\"" + LambdaLogFormatEncoder.class.getName() + "\">" + encoderBody + "</encoder>"
                + "</appender><root level=\"INFO\"><appender-ref ref=\"LAMBDA\"/></root></configuration>";
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return context;
    }

    @Test
    void a_configuration_with_both_encoders_starts_without_a_warning() throws Exception {
        LoggerContext context = configured("<text class=\"ch.qos.logback.classic.encoder.PatternLayoutEncoder\">"
                + "<pattern>%printable(%msg%oneLineEx){}%n</pattern></text>"
                + "<json class=\"" + CorrelationJsonEncoder.class.getName() + "\"/>");
        assertThat(statuses(context, Status.WARN)).isEmpty();
        ch.qos.logback.core.ConsoleAppender<?> appender = (ch.qos.logback.core.ConsoleAppender<?>)
                context.getLogger("ROOT").getAppender("LAMBDA");
        LambdaLogFormatEncoder encoder = (LambdaLogFormatEncoder) appender.getEncoder();
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent(
                "fqcn", context.getLogger("orders"), ch.qos.logback.classic.Level.INFO, "a\nb", null, null);
        // AWS_LAMBDA_LOG_FORMAT is unset in this JVM: the Text encoder writes.
        assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).isEqualTo("a\\nb\n");
        context.stop();
    }

    @Test
    void a_missing_encoder_for_the_format_is_one_error_naming_what_to_add_and_the_other_one_writes() {
        LoggerContext context = new LoggerContext();
        LambdaLogFormatEncoder encoder = new LambdaLogFormatEncoder();
        encoder.setContext(context);
        CorrelationJsonEncoder json = new CorrelationJsonEncoder();
        json.setContext(context);
        encoder.setJson(json);
        encoder.start(); // AWS_LAMBDA_LOG_FORMAT is unset in this JVM: Text is asked for

        assertThat(encoder.isStarted()).isTrue();
        assertThat(json.isStarted()).as("the JSON encoder writes meanwhile").isTrue();
        assertThat(statuses(context, Status.WARN)).containsExactly("2 AWS_LAMBDA_LOG_FORMAT asks for Text but this "
                + "encoder has no <text>: add <text class=\"ch.qos.logback.classic.encoder.PatternLayoutEncoder\">; "
                + "writing JSON meanwhile");
    }

    @Test
    void an_encoder_with_neither_does_not_start_and_says_so() {
        LoggerContext context = new LoggerContext();
        LambdaLogFormatEncoder encoder = new LambdaLogFormatEncoder();
        encoder.setContext(context);
        encoder.start();

        assertThat(encoder.isStarted()).isFalse();
        assertThat(statuses(context, Status.WARN)).containsExactly("2 <encoder class=\""
                + LambdaLogFormatEncoder.class.getName() + "\"> has neither <text> nor <json>: add both");
    }
}
