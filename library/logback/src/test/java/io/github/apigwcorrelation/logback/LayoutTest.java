package io.github.apigwcorrelation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.core.Appender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The shipped Logback layouts, byte for byte: the JSON encoder's fields (those of the Log4j2 template), and what
 * neither layout lets through whatever user code puts in its MDC (HOSTILE.md: duplicate keys, control characters).
 */
class LayoutTest {
    private static final Correlation QUIET = Correlation.builder().logInvocationLine(false).standardFields().build();
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final LoggerContext context = LogbackHarness.loggerContext();
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final ByteArrayOutputStream json = new ByteArrayOutputStream();
    private final ByteArrayOutputStream logbacks = new ByteArrayOutputStream();
    private final List<Appender<ILoggingEvent>> appenders = List.of(
            LogbackHarness.streamAppender(context, "t-text", LogbackHarness.textEncoder(context), text),
            LogbackHarness.streamAppender(context, "t-json", LogbackHarness.jsonEncoder(context), json),
            LogbackHarness.streamAppender(context, "t-logback-json", logbacksJsonEncoder(context), logbacks));

    LayoutTest() {
        appenders.forEach(context.getLogger("layout")::addAppender);
    }

    private static JsonEncoder logbacksJsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    @AfterEach
    void detach() {
        appenders.forEach(appender -> {
            context.getLogger("layout").detachAppender(appender);
            appender.stop();
        });
        MDC.clear();
    }

    /** Every field, strictly parsed (a repeated key fails), in order. */
    private static Map<String, String> fields(String line) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = STRICT.createParser(line)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT) {
                    fields.put(name, "{" + fields(parser) + "}");
                } else {
                    fields.put(name, parser.getText());
                }
            }
            assertThat(parser.nextToken()).isNull();
        }
        return fields;
    }

    private static String fields(JsonParser parser) throws IOException {
        StringBuilder nested = new StringBuilder();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            nested.append(nested.length() == 0 ? "" : ",").append(name).append('=').append(parser.getText());
        }
        return nested.toString();
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        String all = out.toString(StandardCharsets.UTF_8);
        assertThat(all).endsWith("\n");
        return List.of(all.substring(0, all.length() - 1).split("\n", -1));
    }

    @Test
    void the_json_encoder_prints_the_fields_of_the_log4j2_template_and_the_ids_at_top_level() throws IOException {
        MDC.put("tenant", "acme");
        try (CorrelationScope ignored = QUIET.open(Map.of("requestContext", Map.of("requestId", "req-1",
                "extendedRequestId", "ext-1=", "apiId", "w4hd8ru2l1")), new FakeContext("lambda-1"))) {
            LoggerFactory.getLogger("layout").info("hello {}", "world");
            LoggerFactory.getLogger("layout").error("failed", new IllegalStateException("boom",
                    new IllegalArgumentException("root")));
        }

        List<String> lines = lines(json);
        assertThat(lines).hasSize(2);
        Map<String, String> info = fields(lines.get(0));
        assertThat(info.keySet()).containsExactly("timestamp", "level", "message", "logger", "AWSRequestId",
                "ApiGatewayRequestId", "ApiGatewayExtendedRequestId", "tenant");
        assertThat(info.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(info).containsEntry("level", "INFO").containsEntry("message", "hello world")
                .containsEntry("logger", "layout").containsEntry("AWSRequestId", "lambda-1")
                .containsEntry("ApiGatewayRequestId", "req-1").containsEntry("ApiGatewayExtendedRequestId", "ext-1=")
                .containsEntry("tenant", "acme");
        Map<String, String> error = fields(lines.get(1));
        assertThat(error.keySet()).startsWith("timestamp", "level", "message", "logger", "errorType", "errorMessage",
                "stackTrace", "AWSRequestId");
        assertThat(error).containsEntry("errorType", "java.lang.IllegalStateException")
                .containsEntry("errorMessage", "boom");
        assertThat(error.get("stackTrace")).startsWith("java.lang.IllegalStateException: boom\n\tat ")
                .contains("Caused by: java.lang.IllegalArgumentException: root");
        // Logback's own JsonEncoder reads the same MDC: the IDs are there too, nested under "mdc" as it nests them.
        assertThat(lines(logbacks).get(0)).containsPattern("\"mdc\": \\{[^}]*\"AWSRequestId\":\"lambda-1\"")
                .containsPattern("\"mdc\": \\{[^}]*\"ApiGatewayRequestId\":\"req-1\"");
    }

    /** HOSTILE.md, duplicate keys: a user MDC key named like one of the encoder's fields. */
    @Test
    void a_user_mdc_key_named_like_a_field_never_repeats_or_replaces_it() throws IOException {
        for (String key : List.of("timestamp", "level", "message", "logger", "errorType", "errorMessage",
                "stackTrace", "mdc")) {
            MDC.put(key, "FORGED-" + key);
        }
        MDC.put("AWSRequestId", "FORGED-lambda");
        try (CorrelationScope ignored = QUIET.open(Map.of("requestContext", Map.of("requestId", "req-2",
                "apiId", "w4hd8ru2l1")), new FakeContext("lambda-2"))) {
            LoggerFactory.getLogger("layout").error("real message", new IllegalStateException("real"));
        }

        Map<String, String> line = fields(lines(json).get(0));
        assertThat(line).containsEntry("level", "ERROR").containsEntry("message", "real message")
                .containsEntry("logger", "layout").containsEntry("errorType", "java.lang.IllegalStateException")
                .containsEntry("errorMessage", "real").containsEntry("AWSRequestId", "lambda-2")
                .containsEntry("ApiGatewayRequestId", "req-2");
        assertThat(line.get("timestamp")).doesNotContain("FORGED");
        assertThat(line.get("mdc")).as("the user's keys, kept, out of the way").contains("message=FORGED-message",
                "level=FORGED-level", "mdc=FORGED-mdc", "stackTrace=FORGED-stackTrace");
        assertThat(lines(text).get(0)).contains(" lambda-2 APIG: req-2 - ERROR layout - real message ");
    }

    /** HOSTILE.md, control characters: in user MDC keys and values, and in IDs a user put outside any invocation. */
    @Test
    void control_characters_in_the_users_mdc_reach_neither_layout_raw() throws IOException {
        String hostile = "x\r\n2026-11-27T10:00:00.000Z FORGED APIG: FORGED - INFO  X - \u001b[2K\u0085\u2028\u007f\u0000";
        MDC.put("AWSRequestId", hostile);
        MDC.put("ApiGatewayRequestId", hostile);
        MDC.put("key\n\"quoted\"", hostile);
        LoggerFactory.getLogger("layout").info("outside any invocation");

        List<String> textLines = lines(text);
        assertThat(textLines).as("one physical line").hasSize(1);
        assertThat(textLines.get(0)).doesNotContainPattern("[\\x00-\\x1f\\x7f\\x85\\u2028]")
                .contains(" x\\r\\n2026-11-27T10:00:00.000Z FORGED APIG: FORGED - INFO  X - \\u001b[2K\\u0085\\u2028"
                        + "\\u007f\\u0000 APIG: x\\r\\n");
        List<String> jsonLines = lines(json);
        assertThat(jsonLines).hasSize(1);
        assertThat(jsonLines.get(0)).as("nothing a terminal could act on, raw")
                .doesNotContainPattern("[\\x00-\\x1f\\x7f\\x85\\u2028]");
        Map<String, String> line = fields(jsonLines.get(0));
        assertThat(line).containsEntry("AWSRequestId", hostile).containsEntry("key\n\"quoted\"", hostile);
    }
}
