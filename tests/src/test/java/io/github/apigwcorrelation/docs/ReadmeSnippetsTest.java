package io.github.apigwcorrelation.docs;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README cannot drift from the code: every Java, XML, Kotlin or Groovy block of the Markdown files users read
 * is preceded by {@code <!-- snippet: path#tag -->} and is, character for character (indentation aside), the
 * region between {@code tag::tag[]} and {@code end::tag[]} of that file (or the whole file without a tag), a file
 * that the build compiles (the sample's handlers, the docs' Java sources) or a test loads (the sample's Log4j2 and
 * Logback configurations, the coordinates that {@link CoordinatesTest} checks against the modules' POMs).
 */
class ReadmeSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- snippet: (?<source>[^#\\s]+)(?:#(?<tag>[\\w-]+))? -->\\s*\\n)?```(?<lang>java|xml|kotlin|groovy)\\n"
                    + "(?<code>.*?)\\n```", Pattern.DOTALL);
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/logback.md", "docs/propagation.md");

    record Snippet(String document, int line, String source, String tag, String code) {
        @Override
        public String toString() {
            return document + ":" + line + (source == null ? "" : " <- " + source + (tag == null ? "" : "#" + tag));
        }
    }

    static Stream<Arguments> snippets() {
        List<Arguments> all = new ArrayList<>();
        for (String document : DOCUMENTS) {
            Path path = Repository.root().resolve(document);
            if (!Files.exists(path)) {
                continue;
            }
            String text = read(path);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                int line = (int) text.substring(0, block.start()).chars().filter(c -> c == '\n').count() + 1;
                all.add(Arguments.of(new Snippet(document, line, block.group("source"), block.group("tag"),
                        block.group("code"))));
            }
        }
        return all.stream();
    }

    @Test
    void the_readme_has_code_blocks_to_check() {
        assertThat(snippets().count()).isGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void every_code_block_is_a_region_of_a_file_the_build_compiles_or_a_test_loads(Snippet snippet) {
        assertThat(snippet.source()).as("%s: a code block needs a <!-- snippet: path#tag --> line above it",
                snippet).isNotNull();
        Path file = Repository.root().resolve(snippet.source());
        assertThat(file).as("%s", snippet).isRegularFile();
        String region = snippet.tag() == null ? read(file).stripTrailing() : region(read(file), snippet.tag(), snippet);
        assertThat(normalized(snippet.code())).as("%s", snippet).isEqualTo(normalized(region));
    }

    private static String region(String text, String tag, Snippet snippet) {
        List<String> lines = text.lines().collect(Collectors.toList());
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("tag::" + tag + "[]")) {
                begin = i;
            } else if (lines.get(i).contains("end::" + tag + "[]")) {
                end = i;
            }
        }
        assertThat(begin).as("%s: tag::%s[] in the source", snippet, tag).isGreaterThanOrEqualTo(0);
        assertThat(end).as("%s: end::%s[] after it", snippet, tag).isGreaterThan(begin);
        return lines.subList(begin + 1, end).stream()
                .filter(line -> !line.contains("tag::") && !line.contains("end::"))
                .collect(Collectors.joining("\n"));
    }

    /** Without the common indentation and trailing spaces: a region is often indented inside its class. */
    static String normalized(String code) {
        List<String> lines = code.lines().map(String::stripTrailing).collect(Collectors.toList());
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent))
                .collect(Collectors.joining("\n")).strip();
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
