package io.github.apigwcorrelation.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The escaping rules every adapter's Text layout shares; the layouts' own bytes are checked by LineForgeryTest. */
class PrintableTextTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("CR LF", "a\r\nb", "a\\r\\nb"),
                Arguments.of("ESC and BEL", "\u001b]0;t\u0007", "\\u001b]0;t\\u0007"),
                Arguments.of("NUL, tab, VT, FF, backspace", "\u0000\t\u000b\f\b", "\\u0000\\t\\u000b\\f\\b"),
                Arguments.of("DEL and C1", "\u007f\u0085\u009b", "\\u007f\\u0085\\u009b"),
                Arguments.of("line and paragraph separators", "x\u2028y\u2029", "x\\u2028y\\u2029"),
                Arguments.of("lone surrogates", "\ud83d-\ude00", "\\ud83d-\\ude00"),
                Arguments.of("a pair, accents, CJK and backslashes stay", "ok \ud83d\ude00 é 東 C:\\n",
                        "ok \ud83d\ude00 é 東 C:\\n"),
                Arguments.of("nothing to do", "plain", "plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void escapes_in_place_after_start_only(String name, String raw, String escaped) {
        StringBuilder text = new StringBuilder("\n keep ").append(raw);
        PrintableText.escape(text, 7);
        assertThat(text.toString()).isEqualTo("\n keep " + escaped);
        assertThat(PrintableText.needsEscape(raw)).isEqualTo(!raw.equals(escaped));
    }
}
