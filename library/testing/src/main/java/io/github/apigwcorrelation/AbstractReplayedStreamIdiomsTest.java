package io.github.apigwcorrelation;

import io.github.apigwcorrelation.fixtures.FakeContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drop-in for stream handlers: what a {@code RequestStreamHandler} reads from the stream a wrapped or base-class
 * handler receives is what it would read from the runtime's own stream. The runtime interface client hands
 * stream handlers {@code new ByteArrayInputStream(invocation.getContent())} ({@code EventHandlerLoader}), so each
 * idiom runs on such a stream and on ours, and the two results must be the same.
 */
public abstract class AbstractReplayedStreamIdiomsTest {
    /** @return the backend under test: on the class path while the idioms run, though none of them logs */
    protected abstract io.github.apigwcorrelation.testing.LoggingHarness harness();


    /** What a handler does with its input; returns a description of everything it saw. */
    interface Idiom {
        String read(InputStream in) throws IOException;
    }

    static Stream<Arguments> idioms() {
        return Stream.of(
                Arguments.of("readAllBytes", (Idiom) in -> new String(in.readAllBytes(), StandardCharsets.UTF_8)),
                Arguments.of("available() then one read", (Idiom) in -> {
                    byte[] buffer = new byte[in.available()];
                    int n = in.read(buffer);
                    return n + ":" + new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
                }),
                Arguments.of("mark and reset", (Idiom) in -> {
                    boolean supported = in.markSupported();
                    byte[] head = in.readNBytes(40);
                    in.mark(1 << 20);
                    byte[] next = in.readNBytes(200);
                    in.reset();
                    byte[] again = in.readNBytes(200);
                    return supported + ":" + new String(head, StandardCharsets.UTF_8)
                            + ":" + new String(next, StandardCharsets.UTF_8).equals(new String(again, StandardCharsets.UTF_8))
                            + ":" + in.available();
                }),
                Arguments.of("a byte at a time", (Idiom) in -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        out.write(b);
                    }
                    return out.toString(StandardCharsets.UTF_8) + ":" + in.read() + ":" + in.available();
                }),
                Arguments.of("skip, then transferTo", (Idiom) in -> {
                    long skipped = in.skip(100);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    long moved = in.transferTo(out);
                    return skipped + ":" + moved + ":" + out.toString(StandardCharsets.UTF_8);
                }),
                Arguments.of("a reader, line by line", (Idiom) in -> {
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    return reader.lines().collect(Collectors.joining("\n"));
                }),
                Arguments.of("Jackson reading the stream", (Idiom) in -> {
                    List<String> tokens = new ArrayList<>();
                    try (JsonParser parser = new JsonFactory().createParser(in)) {
                        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                            tokens.add(token + "=" + parser.getText());
                        }
                    }
                    return String.join(",", tokens);
                }),
                Arguments.of("read after close", (Idiom) in -> {
                    in.close();
                    return in.read() + ":" + in.available();
                }));
    }

    private static byte[] event() {
        String json = "{\"requestContext\": {\"requestId\": \"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\","
                + " \"apiId\": \"w4hd8ru2l1\"},\n \"body\": \"" + "line of the body ".repeat(1200) + "\",\n"
                + " \"headers\": {\"accept\": \"*/*\"}}";
        assertThat(json.length()).isGreaterThan(20_000);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String throughTheWrapper(Idiom idiom) throws IOException {
        List<String> seen = new ArrayList<>();
        RequestStreamHandler handler = (in, out, context) -> {
            seen.add(in.getClass().getName());
            seen.add(idiom.read(in));
        };
        Correlation.builder().logInvocationLine(false).build().wrap(handler)
                .handleRequest(new ByteArrayInputStream(event()), new ByteArrayOutputStream(), new FakeContext());
        return String.join("|", seen);
    }

    private static String onTheRuntimesStream(Idiom idiom) {
        try {
            InputStream runtimes = new ByteArrayInputStream(event());
            return runtimes.getClass().getName() + "|" + idiom.read(runtimes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idioms")
    void a_stream_handler_reads_the_same_as_from_the_runtimes_stream(String name, Idiom idiom) throws IOException {
        assertThat(throughTheWrapper(idiom)).isEqualTo(onTheRuntimesStream(idiom));
    }

    @Test
    void the_base_class_hands_its_handler_the_runtimes_kind_of_stream_too() throws IOException {
        List<String> seen = new ArrayList<>();
        CorrelatedStreamHandler handler = new CorrelatedStreamHandler(Correlation.builder().logInvocationLine(false)
                .build()) {
            @Override
            protected void handle(InputStream input, java.io.OutputStream output,
                    com.amazonaws.services.lambda.runtime.Context context) throws IOException {
                byte[] buffer = new byte[input.available()];
                seen.add(input.read(buffer) + ":" + new String(buffer, StandardCharsets.UTF_8));
            }
        };

        handler.handleRequest(new ByteArrayInputStream(event()), new ByteArrayOutputStream(), new FakeContext());

        assertThat(seen).containsExactly(event().length + ":" + new String(event(), StandardCharsets.UTF_8));
    }
}
