package io.github.apigwcorrelation.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Role 1, the forgery guard: only a plausible ID ever reaches a log line, and a refusal never repeats the value. */
class PlausibilityTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "BQGojGZFoAMFzUQ=",
            "JKJaXmPLvHcESHA=",
            "1-5759e988-bd862e3fe1be46a994272793",
            "Fy5Kp3gHFiAEbYg=",
            "a+b/c=_d.e:f@g",
            "x"})
    void accepts_a_real_id(String id) {
        assertThat(Plausibility.problem(id)).isNull();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(ints = {1, 36, 127, 128})
    void accepts_an_id_up_to_128_characters(int length) {
        assertThat(Plausibility.problem("a".repeat(length))).isNull();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(ints = {129, 200, 10 * 1024})
    void rejects_an_id_longer_than_128_characters_by_its_length(int length) {
        String problem = Plausibility.problem("Q".repeat(length));

        assertThat(problem).contains(Integer.toString(length), "128").doesNotContain("QQ");
    }

    @Test
    void rejects_an_empty_id() {
        assertThat(Plausibility.problem("")).isEqualTo("it is empty");
    }

    static Stream<Arguments> forbiddenCharacters() {
        return Stream.of(
                Arguments.of("carriage return", '\r', "U+000D"),
                Arguments.of("line feed", '\n', "U+000A"),
                Arguments.of("NUL", '\0', "U+0000"),
                Arguments.of("ANSI escape", '\u001b', "U+001B"),
                Arguments.of("tab", '\t', "U+0009"),
                Arguments.of("DEL", '\u007f', "U+007F"),
                Arguments.of("next line", '\u0085', "U+0085"),
                Arguments.of("line separator", '\u2028', "U+2028"),
                Arguments.of("space", ' ', "U+0020"),
                Arguments.of("no-break space", '\u00a0', "U+00A0"),
                Arguments.of("double quote", '"', "U+0022"),
                Arguments.of("backslash", '\\', "U+005C"),
                Arguments.of("semicolon", ';', "U+003B"),
                Arguments.of("percent", '%', "U+0025"),
                Arguments.of("dollar", '$', "U+0024"),
                Arguments.of("brace", '{', "U+007B"),
                Arguments.of("e acute", 'é', "U+00E9"),
                Arguments.of("Cyrillic a", '\u0430', "U+0430"),
                Arguments.of("fullwidth digit", '\uff11', "U+FF11"),
                Arguments.of("high surrogate", '\ud83d', "U+D83D"),
                Arguments.of("byte order mark", '\ufeff', "U+FEFF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenCharacters")
    void rejects_an_id_with_a_forbidden_character_naming_its_code_point_and_index(
            String name, char forbidden, String codePoint) {
        String id = "SAFEPREFIX" + forbidden + "FORGEDSUFFIX";

        String problem = Plausibility.problem(id);

        assertThat(problem).contains(codePoint, "index 10").doesNotContain("SAFEPREFIX", "FORGEDSUFFIX");
        if (forbidden != ' ') { // the reason is a sentence: it has spaces of its own
            assertThat(problem).doesNotContain(String.valueOf(forbidden));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenCharacters")
    void rejects_a_forbidden_character_at_either_end(String name, char forbidden, String codePoint) {
        assertThat(Plausibility.problem(forbidden + "1-5759e988-bd862e3fe1be46a994272793")).contains(codePoint, "index 0");
        assertThat(Plausibility.problem("1-5759e988-bd862e3fe1be46a994272793" + forbidden)).contains(codePoint, "index 35");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"\r", "\n", "\u001b", "\0", "\t"})
    void names_a_control_character_as_a_control_character(String control) {
        assertThat(Plausibility.problem("id" + control)).contains("control character");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "ok\r\n2025-01-22 13:45:08 INFO FORGED line",
            "\u001b[31mFORGED\u001b[0m",
            "FORGED\"; drop",
            "FORGED\\u000a"})
    void never_quotes_a_hostile_value_in_the_reason(String hostile) {
        String problem = Plausibility.problem(hostile);

        assertThat(problem).isNotNull().doesNotContain("FORGED", "\r", "\n", "\u001b", "drop", "INFO");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"number", "boolean", "map", "list"})
    void rejects_a_value_that_is_not_a_string_by_its_type(String kind) {
        Object candidate = switch (kind) {
            case "number" -> 12345;
            case "boolean" -> Boolean.TRUE;
            case "map" -> Map.of("requestId", "FORGED");
            default -> List.of("FORGED");
        };

        String problem = Plausibility.problem(candidate);

        assertThat(problem).contains("not a string").doesNotContain("FORGED", "12345");
    }

    @Test
    void accepts_a_char_sequence_that_is_not_a_string() {
        assertThat(Plausibility.problem(new StringBuilder("BQGojGZFoAMFzUQ="))).isNull();
    }

    @Test
    void rejects_null() {
        assertThat(Plausibility.problem(null)).isEqualTo("it is null");
    }
}
