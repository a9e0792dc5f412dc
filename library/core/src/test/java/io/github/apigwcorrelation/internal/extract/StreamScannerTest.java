package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertFound;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertMissing;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.json;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.apigwcorrelation.RequestIds.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Role 1, raw streams: the scan reads the event as the runtime's Jackson would (to its end, the last of repeated
 * keys winning), never throws, and the handler always gets the exact bytes the runtime sent, whatever they are.
 */
class StreamScannerTest {
    private static final int SIX_MB = 6 * 1024 * 1024;
    private static final String REST_ID = "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04";
    /** An API Gateway request context holds an {@code apiId}: without one, an event is not from API Gateway. */
    private static final String API = "\"apiId\": \"w4hd8ru2l1\", ";

    /** Counts the bytes handed out and whether it was closed. */
    static final class CountingInputStream extends InputStream {
        private final InputStream source;
        long bytesRead;
        boolean closed;

        CountingInputStream(byte[] bytes) {
            this.source = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            int b = source.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = source.read(buffer, offset, length);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Hands out at most a few bytes per read, like a network stream does. */
    static final class TricklingInputStream extends InputStream {
        private final ByteArrayInputStream source;
        private final int chunk;

        TricklingInputStream(byte[] bytes, int chunk) {
            this.source = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return source.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return source.read(buffer, offset, Math.min(length, chunk));
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String bigBody() {
        return "x".repeat(SIX_MB);
    }

    /** The REST event with a 6 MB body: API Gateway puts {@code body} after {@code requestContext}. */
    private static byte[] restEventWithBigBody() {
        return utf8(json("rest-proxy-v1.json").replace("\"body\": null", "\"body\": \"" + bigBody() + "\""));
    }

    private static StreamScanner.Scan scan(byte[] bytes) {
        return StreamScanner.scan(new ByteArrayInputStream(bytes), List.of());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rest-proxy-v1.json", "http-api-v2.json", "websocket-connect.json",
            "websocket-message.json", "alb-single-value-headers.json", "alb-multi-value-headers.json",
            "rest-authorizer-request.json", "rest-mapping-template-passthrough.json"})
    void replays_the_exact_bytes_of_a_small_event(String file) {
        byte[] event = utf8(json(file));

        StreamScanner.Scan scan = scan(event);

        assertThat(scan.ids().source()).isNotEqualTo(Source.NONE);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void reads_a_six_megabyte_event_to_its_end_before_the_handler_runs_and_replays_it() {
        byte[] event = restEventWithBigBody();
        CountingInputStream source = new CountingInputStream(event);

        StreamScanner.Scan scan = StreamScanner.scan(source, List.of());

        assertThat(source.bytesRead).as("bytes read before scan returned").isEqualTo(event.length);
        assertFound(scan.ids(), REST_ID, "Fy3kQGW7FiAEJmA=", Source.REST_API);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void a_request_context_repeated_after_a_six_megabyte_body_wins_as_it_does_in_the_runtime() {
        byte[] event = utf8("{\"requestContext\": {" + API + "\"requestId\": \"1111-forged\"}, \"body\": \""
                + bigBody() + "\", \"requestContext\": {" + API + "\"requestId\": \"" + REST_ID + "\"}}");

        StreamScanner.Scan scan = scan(event);

        assertFound(scan.ids(), REST_ID, null, Source.REST_API);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void finds_the_id_when_a_six_megabyte_body_comes_before_the_request_context() {
        byte[] event = utf8("{\"body\": \"" + bigBody() + "\", "
                + "\"requestContext\": {" + API + "\"requestId\": \"" + REST_ID
                + "\", \"extendedRequestId\": \"Fy3kQGW7FiAEJmA=\"}}");

        StreamScanner.Scan scan = scan(event);

        assertFound(scan.ids(), REST_ID, "Fy3kQGW7FiAEJmA=", Source.REST_API);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void finds_the_id_when_a_six_megabyte_nested_body_comes_before_the_request_context() {
        String lines = "{\"sku\": \"TEA-GREEN-250\", \"quantity\": 3}, ".repeat(SIX_MB / 40);
        byte[] event = utf8("{\"body-json\": {\"lines\": [" + lines + "{}]}, "
                + "\"context\": {\"request-id\": \"" + REST_ID + "\"}}");

        StreamScanner.Scan scan = scan(event);

        assertFound(scan.ids(), REST_ID, null, Source.MAPPING_TEMPLATE);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void finds_the_id_when_the_source_hands_out_three_bytes_at_a_time() {
        byte[] event = utf8(json("rest-proxy-v1.json"));

        StreamScanner.Scan scan = StreamScanner.scan(new TricklingInputStream(event, 3), List.of());

        assertFound(scan.ids(), REST_ID, "Fy3kQGW7FiAEJmA=", Source.REST_API);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void replays_the_same_bytes_through_single_byte_and_bulk_reads() throws IOException {
        byte[] event = restEventWithBigBody();
        InputStream replay = StreamScanner.scan(new ByteArrayInputStream(event), List.of()).replay();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        byte[] buffer = new byte[4093];
        for (int step = 0; ; step++) {
            if (step % 3 == 0) {
                int b = replay.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            } else {
                int n = replay.read(buffer, 7, buffer.length - 7);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 7, n);
            }
        }

        assertArrayEquals(event, out.toByteArray());
    }

    @Test
    void never_closes_the_source_the_runtime_owns() throws IOException {
        CountingInputStream source = new CountingInputStream(utf8(json("http-api-v2.json")));

        StreamScanner.Scan scan = StreamScanner.scan(source, List.of());
        scan.replay().close();

        assertThat(source.closed).as("source closed").isFalse();
    }

    /** The runtime cannot deserialize a truncated event for a typed or {@code Map} handler either. */
    @Test
    void refuses_a_truncated_event_even_when_its_request_context_was_complete() {
        byte[] event = utf8("{\"requestContext\": {" + API + "\"requestId\": \"" + REST_ID
                + "\"}, \"body\": \"{\\\"sku\\\": \\\"TEA");

        StreamScanner.Scan scan = scan(event);

        assertMissing(scan.ids(), "not valid JSON");
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @ParameterizedTest(name = "cut before {0}")
    @ValueSource(strings = {"\"Accept\"", "\"requestTimeEpoch\"", "-41d8-", "\"apiId\""})
    void explains_an_event_truncated_before_its_request_context_ends_by_line_and_column_without_echoing_it(
            String cutBefore) {
        String full = json("rest-proxy-v1.json");
        byte[] event = utf8(full.substring(0, full.indexOf(cutBefore)));

        StreamScanner.Scan scan = scan(event);

        assertMissing(scan.ids(), "not valid JSON", "line ", "column ");
        assertThat(scan.ids().problem()).doesNotContain("9f0c2b7e", "Fy3kQGW7", "invoices", "HTTPie");
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "FORGED\r\n2025-01-22 13:45:08 ERROR fake line",
            "<html><body>FORGED</body></html>",
            "{\"requestContext\": {\"requestId\": FORGED}}",
            "{\"requestContext\" FORGED",
            "{'requestContext': {'requestId': 'FORGED'}}",
            "{requestContext: {requestId: 'FORGED'}} trailing FORGED",
            "{\"a\": 1} FORGED"})
    void explains_non_json_by_line_and_column_without_echoing_it(String text) {
        byte[] event = utf8(text);

        StreamScanner.Scan scan = scan(event);

        assertArrayEquals(event, readAll(scan.replay()));
        assertThat(scan.ids().source()).isEqualTo(Source.NONE);
        assertThat(scan.ids().problem()).doesNotContain("FORGED", "ERROR", "html", "\r", "\n");
        // The runtime's Jackson reads single quotes and unquoted names, and ignores what follows the event.
        if (!text.startsWith("{\"a\"") && !text.startsWith("{'") && !text.startsWith("{requestContext")) {
            assertThat(scan.ids().problem()).contains("not valid JSON", "line", "column");
        }
    }

    @Test
    void replays_invalid_utf8_bytes_and_reports_no_id() {
        byte[] event = concat(utf8("{\"requestContext\": {\"requestId\": \"ab"),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE}, utf8("\"}}"));

        StreamScanner.Scan scan = scan(event);

        assertMissing(scan.ids(), "line", "column");
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void replays_an_event_that_starts_with_bytes_that_are_not_utf8() {
        byte[] event = concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80, (byte) 0xC0}, utf8(json("rest-proxy-v1.json")));

        StreamScanner.Scan scan = scan(event);

        assertThat(scan.ids().source()).isEqualTo(Source.NONE);
        assertThat(scan.ids().problem()).isNotBlank().doesNotContain("9f0c2b7e");
        assertArrayEquals(event, readAll(scan.replay()));
    }

    /** The runtime's Jackson fails on it too, so no typed or {@code Map} handler could read this event. */
    @Test
    void refuses_an_event_with_invalid_utf8_anywhere() {
        byte[] event = concat(utf8("{\"requestContext\": {" + API + "\"requestId\": \"" + REST_ID
                + "\"}, \"body\": \""), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}"));

        StreamScanner.Scan scan = scan(event);

        assertMissing(scan.ids(), "not valid JSON");
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void reports_an_empty_event_and_replays_nothing() {
        StreamScanner.Scan scan = scan(new byte[0]);

        assertMissing(scan.ids(), "empty");
        assertThat(readAll(scan.replay())).isEmpty();
    }

    @Test
    void reports_a_json_array_and_replays_it() {
        byte[] event = utf8("[" + json("rest-proxy-v1.json") + "]");

        StreamScanner.Scan scan = scan(event);

        assertMissing(scan.ids(), "not a JSON object");
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"\"just a string\"", "42", "true", "null"})
    void reports_a_json_scalar_and_replays_it(String text) {
        byte[] event = utf8(text);

        StreamScanner.Scan scan = scan(event);

        assertMissing(scan.ids(), "not a JSON object");
        assertThat(scan.ids().problem()).doesNotContain("just a string", "42", "starts with null");
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void replays_five_thousand_levels_of_nesting_before_the_request_context_without_failing() {
        byte[] event = utf8("{\"body-json\": " + "[".repeat(5000) + "]".repeat(5000)
                + ", \"requestContext\": {" + API + "\"requestId\": \"" + REST_ID + "\"}}");

        StreamScanner.Scan scan = scan(event);

        // Jackson's default nesting limit (1000) ends the scan: the ID is lost, the handler still gets its bytes.
        if (scan.ids().requestId() == null) {
            assertMissing(scan.ids(), "limits");
        } else {
            assertFound(scan.ids(), REST_ID, null, Source.REST_API);
        }
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void finds_the_id_after_nine_hundred_levels_of_nesting() {
        byte[] event = utf8("{\"body-json\": " + "{\"a\": [".repeat(450) + "]}".repeat(450)
                + ", \"requestContext\": {" + API + "\"requestId\": \"" + REST_ID + "\"}}");

        StreamScanner.Scan scan = scan(event);

        assertFound(scan.ids(), REST_ID, null, Source.REST_API);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void a_pointer_target_repeated_after_a_big_body_wins_as_it_does_in_the_runtime() {
        byte[] event = utf8("{\"meta\": {\"correlationId\": \"corr-forged\"}, \"body\": \"" + bigBody()
                + "\", \"meta\": {\"correlationId\": \"corr-3f5a7c9e\"}}");

        StreamScanner.Scan scan = StreamScanner.scan(new ByteArrayInputStream(event),
                List.of(PointerPath.compile("/meta/correlationId")));

        assertFound(scan.ids(), "corr-3f5a7c9e", null, Source.JSON_POINTER);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void replays_five_thousand_unclosed_levels_of_nesting_without_failing() {
        byte[] event = utf8("{\"requestContext\": {\"requestId\": " + "{\"a\": [".repeat(5000));

        StreamScanner.Scan scan = scan(event);

        assertThat(scan.ids().source()).isEqualTo(Source.NONE);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void replays_a_six_megabyte_event_that_is_not_json() {
        byte[] event = new byte[SIX_MB];
        for (int i = 0; i < event.length; i++) {
            event[i] = (byte) (i * 31 + 7);
        }

        StreamScanner.Scan scan = scan(event);

        assertThat(scan.ids().source()).isEqualTo(Source.NONE);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void ignores_request_id_look_alikes_outside_the_request_context() {
        byte[] event = utf8("""
                {"body": "{\\"requestContext\\": {\\"requestId\\": \\"decoy-in-body\\"}}",
                 "headers": {"requestId": "decoy-in-headers"},
                 "stageVariables": {"requestContext": {"requestId": "decoy-nested"}},
                 "requestContext": {"identity": {"requestId": "decoy-deeper"}, "apiId": "w4hd8ru2l1",
                                    "requestId": "%s"}}"""
                .formatted(REST_ID));

        StreamScanner.Scan scan = scan(event);

        assertFound(scan.ids(), REST_ID, null, Source.REST_API);
        assertArrayEquals(event, readAll(scan.replay()));
    }

    @Test
    void reads_a_scan_result_that_does_not_depend_on_the_read_chunk_size() {
        byte[] event = utf8(json("alb-multi-value-headers.json"));

        for (int chunk : new int[] {1, 2, 7, 64, 8191}) {
            StreamScanner.Scan scan = StreamScanner.scan(new TricklingInputStream(event, chunk), List.of());

            assertFound(scan.ids(), "1-6791a4d7-9c1e3a5b7d9f1b3d5f7a9c1e", null, Source.ALB_TRACE_HEADER);
            assertThat(Arrays.equals(event, readAll(scan.replay()))).as("chunk %d", chunk).isTrue();
        }
    }
}
