package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No message can forge or break a line: whatever a message or an exception message holds (a client's path or
 * header, logged as real code does), the shipped Text pattern prints one physical line per event, starting with
 * the invocation's own IDs, with every control character escaped, and the JSON layout one valid object. Each case
 * is checked on the real bytes of both layouts ({@link RealOutput}), and the escaped text is compared exactly.
 */
public abstract class AbstractLineForgeryTest {
    private static final String LOGGER = "orders.Handler";
    private static final String FORGED_LINE = "2026-11-27T10:00:00.000Z 00000000-0000-4000-8000-000000000000 APIG: FORGED"
            + " - INFO  Handler - all good";

    private final List<RealOutput.Line> lines = new ArrayList<>();
    private RealOutput output;
    private LoggingHarness.Attached attached;

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @BeforeEach
    void attachRealOutput() {
        output = new RealOutput(line -> {
            synchronized (lines) {
                lines.add(line);
            }
        });
        attached = harness().attach(output, LOGGER);
    }

    @AfterEach
    void detachRealOutput() {
        attached.close();
        harness().context().clearAll();
    }

    static Stream<Arguments> hostileMessages() {
        return Stream.of(
                Arguments.of("CR LF and a whole fake line", "GET /orders/42\r\n" + FORGED_LINE,
                        "GET /orders/42\\r\\n" + FORGED_LINE),
                Arguments.of("ESC erase line, cursor to column 1", "/orders/\u001b[2K\u001b[1G" + FORGED_LINE,
                        "/orders/\\u001b[2K\\u001b[1G" + FORGED_LINE),
                Arguments.of("ESC set window title (OSC) ended by BEL", "\u001b]0;pwned\u0007/orders",
                        "\\u001b]0;pwned\\u0007/orders"),
                Arguments.of("NUL, which makes grep call the log binary", "/orders/42\u0000.json", "/orders/42\\u0000.json"),
                Arguments.of("backspaces over the IDs", "\b\b\b\b\b\b\bFORGED", "\\b\\b\\b\\b\\b\\b\\bFORGED"),
                Arguments.of("tab, vertical tab and form feed", "a\tb\u000bc\fd", "a\\tb\\u000bc\\fd"),
                Arguments.of("DEL", "rm\u007f\u007f", "rm\\u007f\\u007f"),
                Arguments.of("C1 NEL, a line break to some readers", "one\u0085" + FORGED_LINE,
                        "one\\u0085" + FORGED_LINE),
                Arguments.of("C1 CSI, an escape sequence on some terminals", "\u009b2K" + FORGED_LINE,
                        "\\u009b2K" + FORGED_LINE),
                Arguments.of("line and paragraph separators", "one\u2028two\u2029three", "one\\u2028two\\u2029three"),
                Arguments.of("a lone high surrogate, not valid UTF-16", "bad \ud83d end", "bad \\ud83d end"),
                Arguments.of("a lone low surrogate", "bad \ude00 end", "bad \\ude00 end"),
                Arguments.of("a real surrogate pair and other Unicode stay as they are", "ok \ud83d\ude00 é ü 東京",
                        "ok \ud83d\ude00 é ü 東京"),
                Arguments.of("backslashes stay as they are", "C:\\orders\\n42", "C:\\orders\\n42"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMessages")
    void a_message_prints_as_one_line_with_the_invocations_ids_and_every_control_character_escaped(String name,
            String message, String escaped) {
        try (CorrelationScope ignored = Correlation.builder().logInvocationLine(false).build()
                .open(Map.of("requestContext", Map.of("requestId", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58",
                        "apiId", "w4hd8ru2l1")), new FakeContext("17e2e82d-2c77-4a6d-b251-546905c5334a"))) {
            TestLogger log = harness().logger(LOGGER);
            log.info("path {}", message);
            log.error("failed", new IllegalStateException("bad input: " + message));
        }

        assertThat(output.rejected()).isEmpty();
        assertThat(output.events()).isEqualTo(2);
        assertThat(output.textLines()).as("physical text lines").isEqualTo(2);
        assertThat(output.jsonLines()).as("JSON lines").isEqualTo(2);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.lambdaId()).isEqualTo("17e2e82d-2c77-4a6d-b251-546905c5334a");
            assertThat(line.apiGatewayId()).isEqualTo("5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58");
        });
        RealOutput.Line text = lines.stream().filter(line -> line.format() == RealOutput.Format.TEXT
                && line.level().equals("INFO")).findFirst().orElseThrow();
        assertThat(text.message()).isEqualTo("path " + escaped);
        RealOutput.Line error = lines.stream().filter(line -> line.format() == RealOutput.Format.TEXT
                && line.level().equals("ERROR")).findFirst().orElseThrow();
        assertThat(error.message()).startsWith("failed java.lang.IllegalStateException: bad input: " + escaped + " | ");
        RealOutput.Line json = lines.stream().filter(line -> line.format() == RealOutput.Format.JSON
                && line.level().equals("INFO")).findFirst().orElseThrow();
        // JSON keeps the message, escaped the JSON way; only an unpaired surrogate, which UTF-8 cannot encode,
        // becomes '?' as it does in any UTF-8 output of the JDK.
        String encodable = new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(json.message()).as("the JSON message").isEqualTo("path " + encodable);
    }

    /**
     * What is not a message reaches the line too: a logger named after a path, and, outside an invocation, a value
     * user code put under the IDs' keys. The whole text between the time and the message is escaped.
     */
    @Test
    void a_hostile_logger_name_or_context_value_cannot_break_a_line_either() {
        try (CorrelationScope ignored = Correlation.builder().logInvocationLine(false).build()
                .open(Map.of("requestContext", Map.of("requestId", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58",
                        "apiId", "w4hd8ru2l1")), new FakeContext("17e2e82d-2c77-4a6d-b251-546905c5334a"))) {
            harness().logger(LOGGER + ".evil\r\nFORGED\u001b[2K").info("inside");
        }
        harness().context().put("AWSRequestId", "stale\r\nFORGED");
        harness().context().put("ApiGatewayRequestId", "\u001b[2K\u0085");
        harness().logger(LOGGER).info("outside");

        assertThat(output.rejected()).isEmpty();
        assertThat(output.textLines()).as("physical text lines").isEqualTo(2);
        List<RealOutput.Line> text = lines.stream().filter(line -> line.format() == RealOutput.Format.TEXT).toList();
        assertThat(text).extracting(RealOutput.Line::lambdaId, RealOutput.Line::apiGatewayId, RealOutput.Line::logger,
                RealOutput.Line::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("17e2e82d-2c77-4a6d-b251-546905c5334a",
                        "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58", "evil\\r\\nFORGED\\u001b[2K", "inside"),
                org.assertj.core.groups.Tuple.tuple("stale\\r\\nFORGED", "\\u001b[2K\\u0085", "Handler",
                        "outside"));
    }
}
