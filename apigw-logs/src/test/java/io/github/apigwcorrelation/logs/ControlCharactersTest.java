package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages are printed raw by whoever logs them: no byte of the output may redraw a terminal or fake a line. */
class ControlCharactersTest {
    static final String L = "17e2e82d-2c77-4a6d-b251-546905c5334a";
    /** One of each class HOSTILE.md names, inside an application line. */
    static final String HOSTILE = "a\rb\nc\u0000d\u0007e\u001b[2K\u001b[1Gf\u001b]0;title\u0007g\u007fh\u0085i\u009bj\u2028k\u2029l\u202em\u0008n\ttab";

    private static byte[] run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Cli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), (r, p, x) -> {
                    throw new AssertionError("local reads no AWS API");
                }, () -> 0L, false, ms -> { }).run(args);
        assertThat(code).isZero();
        return out.toByteArray();
    }

    private static String input() {
        // The hostile text reaches the tool in one physical line only if its own line breaks are absent:
        // a function's raw line in CloudWatch can hold CR and LF; local input is split at them, so the
        // local case uses the other characters and Printer is checked with the whole set below.
        return "START RequestId: " + L + "\n"
                + "2026-11-21T19:31:25.135Z " + L + " APIG: A1 - INFO x - " + HOSTILE.replace("\r", "").replace("\n", "") + "\n"
                + "REPORT RequestId: " + L + "\tDuration: 1.00 ms\n";
    }

    /** Every byte a terminal could act on, other than TAB and the line feed that ends each line. */
    private static void assertNoControlBytes(byte[] out) {
        String s = new String(out, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && c != '\t') {
                assertThat(Escape.unsafe(c)).as("U+%04X at %d in %s", (int) c, i, s).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "json"})
    void localOutputHoldsNoControlCharacter(String output) {
        byte[] out = run(input(), "local", "--output", output);

        assertNoControlBytes(out);
        List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(output.equals("text") ? 6 : 4);
        if (output.equals("json")) {
            Map<String, Object> app = Json.parseObject(lines.get(1));
            // Escaped on the wire, exact once parsed: JSON keeps what was logged.
            assertThat(Json.text(app, "message")).endsWith(HOSTILE.replace("\r", "").replace("\n", ""));
        }
    }

    @Test
    void everyUnsafeCharacterIsWrittenAsAnEscapeInText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Printer p = new Printer(new PrintStream(out, true, StandardCharsets.UTF_8), false, false, List.of("fn"), () -> 0L);
        p.event(new LogEvent("fn\u001b[31m", "/aws/lambda/fn", "s", 0, 0, "1", HOSTILE, Source.Kind.LAMBDA));

        byte[] bytes = out.toByteArray();
        assertNoControlBytes(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("1970-01-01T00:00:00.000Z fn\\u001b[31m "
                + "a\\rb\\nc\\u0000d\\u0007e\\u001b[2K\\u001b[1Gf\\u001b]0;title\\u0007g\\u007fh\\u0085i\\u009bj\\u2028k\\u2029l\\u202em\\u0008n\ttab\n");
    }

    @Test
    void jsonOutputEscapesWhatJacksonWouldWriteRaw() {
        String line = Json.line(Map.of("message", HOSTILE));

        assertNoControlBytes(line.getBytes(StandardCharsets.UTF_8));
        assertThat(line.toLowerCase(java.util.Locale.ROOT)).contains("\\u007f", "\\u0085", "\\u009b", "\\u2028", "\\u2029", "\\u202e", "\\u001b", "\\u0000");
        assertThat(Json.text(Json.parseObject(line), "message")).isEqualTo(HOSTILE);
    }
}
