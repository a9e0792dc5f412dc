package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertFound;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertMissing;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.json;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.internal.extract.EventFixtures.Mode;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Role 1, bad input: whatever the event is, extraction returns; without a usable ID it says why, and it never
 * lets a hostile value through or repeats it.
 */
class EventExtractorNeverThrowsTest {

    private static Extracted extract(Object event) {
        return EventExtractor.extract(event, List.of());
    }

    @Nested
    class Not_an_event {

        @Test
        void explains_a_null_event() {
            assertMissing(extract(null), "null");
        }

        @Test
        void tells_to_use_the_stream_handler_for_an_input_stream_and_does_not_read_it() {
            StreamScannerTest.CountingInputStream stream = new StreamScannerTest.CountingInputStream(
                    json("rest-proxy-v1.json").getBytes(StandardCharsets.UTF_8));

            Extracted ids = extract(stream);

            assertMissing(ids, "InputStream", "CorrelatedStreamHandler");
            assertThat(stream.bytesRead).isZero();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.github.apigwcorrelation.internal.extract.EventExtractorNeverThrowsTest#arbitraryObjects")
        void explains_an_arbitrary_object(String name, Object event) {
            assertMissing(extract(event), event.getClass().getSimpleName());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", "not json at all", "[1, 2, 3]", "{\"requestContext\": ", "{}", "null"})
        void explains_a_string_that_is_not_a_json_event(String event) {
            assertMissing(extract(event));
        }

        @Test
        void explains_bytes_that_are_not_json() {
            assertMissing(extract(new byte[] {(byte) 0xFF, 0x00, (byte) 0xC3, 0x28}));
        }

        @Test
        void scans_bytes_and_char_sequences_that_are_json() {
            String event = json("http-api-v2.json");

            assertFound(extract(event.getBytes(StandardCharsets.UTF_8)), "Fy4TjhXZliAEMvQ=", null, Source.HTTP_API);
            assertFound(extract(new StringBuilder(event)), "Fy4TjhXZliAEMvQ=", null, Source.HTTP_API);
        }
    }

    static Stream<Arguments> arbitraryObjects() {
        return Stream.of(
                Arguments.of("Object", new Object()),
                Arguments.of("Integer", 42),
                Arguments.of("Boolean", Boolean.TRUE),
                Arguments.of("List", List.of("requestContext", Map.of("requestId", "x"))),
                Arguments.of("empty Map", Map.of()),
                Arguments.of("array", new Object[] {Map.of("requestContext", Map.of("requestId", "x"))}),
                Arguments.of("Thread", Thread.currentThread()),
                Arguments.of("Optional", java.util.Optional.of(Map.of("requestContext", Map.of("requestId", "x")))));
    }

    /** A user event whose getters blow up. */
    public static class ExplodingEvent {
        public Object getRequestContext() {
            throw new IllegalStateException("FORGED boom");
        }

        public Object getContext() {
            throw new AssertionError("FORGED error");
        }

        public Map<String, String> getHeaders() {
            throw new UnsupportedOperationException();
        }
    }

    /** A user event whose request context getter blows up one level down. */
    public static class ExplodingContextEvent {
        public ExplodingContext getRequestContext() {
            return new ExplodingContext();
        }
    }

    public static class ExplodingContext {
        public String getRequestId() {
            throw new IllegalStateException("FORGED boom");
        }
    }

    /** A map whose every lookup fails. */
    static final class HostileMap extends AbstractMap<String, Object> {
        private final RuntimeException failure;

        HostileMap(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Object get(Object key) {
            throw failure;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw failure;
        }
    }

    /** A map whose lookup recurses until the stack overflows. */
    static final class BottomlessMap extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            return get(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }
    }

    @Nested
    class Broken_events {

        @Test
        void survives_a_pojo_whose_getters_throw() {
            Extracted ids = extract(new ExplodingEvent());

            assertMissing(ids, "ExplodingEvent");
            assertThat(ids.problem()).doesNotContain("FORGED");
        }

        @Test
        void survives_a_pojo_whose_request_id_getter_throws() {
            assertMissing(extract(new ExplodingContextEvent()), "ExplodingContextEvent");
        }

        @Test
        void survives_a_map_whose_lookups_throw() {
            Extracted ids = extract(new HostileMap(new IllegalStateException("FORGED")));

            assertMissing(ids, "HostileMap", "IllegalStateException");
            assertThat(ids.problem()).doesNotContain("FORGED");
        }

        @Test
        void survives_a_map_whose_lookup_overflows_the_stack() {
            assertMissing(extract(new BottomlessMap()), "BottomlessMap", "StackOverflowError");
        }

        @Test
        void survives_a_sorted_map_whose_keys_are_not_strings() {
            TreeMap<Integer, Object> event = new TreeMap<>();
            event.put(1, Map.of("requestId", "x"));

            assertMissing(extract(event));
        }

        @Test
        void explains_a_map_whose_request_context_is_a_string() {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("requestContext", "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04");

            assertMissing(extract(event), "requestContext.requestId");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
        void explains_a_json_event_whose_request_context_is_not_an_object(Mode mode) {
            for (String requestContext : List.of("\"9f0c2b7e\"", "42", "true", "[\"9f0c2b7e\"]", "null")) {
                String event = "{\"requestContext\": " + requestContext + "}";

                assertMissing(mode.extract(event, Map.class), "requestContext.requestId");
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
        void explains_a_request_id_of_the_wrong_type(Mode mode) {
            for (String requestId : List.of("12345", "1.5e3", "true", "false", "{\"value\": \"9f0c2b7e\"}",
                    "[\"9f0c2b7e\"]", "[]", "{}", "null")) {
                String event = "{\"requestContext\": {\"requestId\": " + requestId
                        + ", \"apiId\": \"a1b2c3d4e5\", \"stage\": \"prod\"}}";

                Extracted ids = mode.extract(event, Map.class);

                assertMissing(ids);
                assertThat(ids.problem()).as("for %s", requestId).doesNotContain("9f0c2b7e", "12345");
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Mode.class)
        void explains_an_alb_event_without_a_trace_header(Mode mode) {
            String event = json("alb-single-value-headers.json").replaceAll("\"x-amzn-trace-id\": \"[^\"]*\",", "");
            assertThat(event).doesNotContain("x-amzn-trace-id");

            assertMissing(mode.extract(event, ApplicationLoadBalancerRequestEvent.class), "X-Amzn-Trace-Id");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Mode.class)
        void explains_an_alb_event_without_any_headers(Mode mode) {
            String event = json("alb-multi-value-headers.json")
                    .replaceAll("(?s)\"multiValueHeaders\": \\{.*?},\\s*\"body\"", "\"body\"");
            assertThat(event).doesNotContain("Headers");

            assertMissing(mode.extract(event, ApplicationLoadBalancerRequestEvent.class), "X-Amzn-Trace-Id");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
        void explains_an_alb_event_whose_trace_header_list_is_empty(Mode mode) {
            String event = json("alb-multi-value-headers.json").replaceAll("\"x-amzn-trace-id\": \\[[^]]*]", "\"x-amzn-trace-id\": []");

            assertMissing(mode.extract(event, ApplicationLoadBalancerRequestEvent.class));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Mode.class)
        void rejects_a_trace_header_without_a_root(Mode mode) {
            String event = json("alb-single-value-headers.json").replaceAll(
                    "\"Root=[^\"]*\"", "\"Self=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Sampled=1\"");

            assertMissing(mode.extract(event, ApplicationLoadBalancerRequestEvent.class), "X-Ray Root");
        }

        @Test
        void explains_typed_events_without_a_request_context() {
            assertMissing(extract(new APIGatewayProxyRequestEvent()), "REST API", "requestContext");
            assertMissing(extract(new APIGatewayV2HTTPEvent()), "HTTP API", "requestContext");
            assertMissing(extract(new APIGatewayV2WebSocketEvent()), "WebSocket", "requestContext");
            assertMissing(extract(new APIGatewayCustomAuthorizerEvent()), "authorizer", "requestContext");
            assertMissing(extract(new ApplicationLoadBalancerRequestEvent()), "ALB", "requestContext.elb");
        }

        @Test
        void explains_typed_events_whose_request_context_has_no_request_id() {
            APIGatewayProxyRequestEvent rest = new APIGatewayProxyRequestEvent()
                    .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withApiId("w4hd8ru2l1"));

            assertMissing(extract(rest), "null");
        }
    }

    private static final String HOSTILE_TEMPLATE_PAYLOAD = "{\"meta\": {\"correlationId\": %s}}";

    /** Every source, with {@code %s} where the hostile ID goes as a JSON string literal. */
    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of("REST API", template("rest-proxy-v1.json", "\"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\""),
                        APIGatewayProxyRequestEvent.class, null),
                Arguments.of("HTTP API", template("http-api-v2.json", "\"Fy4TjhXZliAEMvQ=\""),
                        APIGatewayV2HTTPEvent.class, null),
                Arguments.of("WebSocket", template("websocket-message.json", "\"Fy5Kp3gHFiAEbYg=\""),
                        APIGatewayV2WebSocketEvent.class, null),
                Arguments.of("REST authorizer", template("rest-authorizer-request.json",
                        "\"2d6b8f1a-93c4-4e7a-8b0d-5f1e3a7c9b24\""), APIGatewayCustomAuthorizerEvent.class, null),
                Arguments.of("mapping template", template("rest-mapping-template-passthrough.json",
                        "\"71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30\""), UserPojoExtractionTest.CreateOrderInput.class, null),
                Arguments.of("ALB single-value", template("alb-single-value-headers.json",
                        "\"Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1\""),
                        ApplicationLoadBalancerRequestEvent.class, "Root="),
                Arguments.of("ALB multi-value", template("alb-multi-value-headers.json",
                        "\"Root=1-6791a4d7-9c1e3a5b7d9f1b3d5f7a9c1e;Parent=7b9d1f3a5c7e9b1d;Sampled=0\""),
                        ApplicationLoadBalancerRequestEvent.class, "Root="),
                Arguments.of("JSON Pointer", HOSTILE_TEMPLATE_PAYLOAD, Map.class, null));
    }

    private static String template(String file, String literal) {
        String event = json(file).replace("%", "%%");
        assertThat(event).contains(literal);
        return event.replace(literal, "%s");
    }

    static Stream<Arguments> hostileIds() {
        return Stream.of(
                Arguments.of("CR LF", "5b8e0f3c\r\n2025-01-22 13:45:08 INFO FORGED line", "U+000D"),
                Arguments.of("LF", "5b8e0f3c\nFORGED", "U+000A"),
                Arguments.of("ANSI", "\u001b[2J\u001b[31mFORGED\u001b[0m", "U+001B"),
                Arguments.of("NUL", "5b8e0f3c\u0000FORGED", "U+0000"),
                Arguments.of("JSON breakout", "FORGED\",\"level\":\"ERROR", "U+0022"),
                Arguments.of("10 KB", "F".repeat(10 * 1024), "characters long"));
    }

    static Stream<Arguments> hostileIdsInEverySourceAndMode() {
        List<Arguments> all = new ArrayList<>();
        sources().forEach(source -> hostileIds().forEach(hostile -> {
            for (Mode mode : Mode.values()) {
                Object[] s = source.get();
                Object[] h = hostile.get();
                all.add(Arguments.of(s[0], h[0], mode, s[1], s[2], s[3], h[1], h[2]));
            }
        }));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("hostileIdsInEverySourceAndMode")
    void drops_a_hostile_request_id_from_every_source_and_explains_without_repeating_it(String source,
            String hostileName, Mode mode, String template, Class<?> type, String prefix, String hostile, String reason) {
        String value = prefix == null ? hostile : prefix + hostile + ";Sampled=1";
        String event = template.formatted(quoted(value));
        List<PointerPath> pointers = type == Map.class ? List.of(PointerPath.compile("/meta/correlationId")) : List.of();

        Extracted ids = mode.extract(event, type, pointers);

        if (prefix == null) {
            assertMissing(ids, "ignored the request ID", reason);
        } else {
            // An ALB trace header is used only when it is X-Ray shaped: a hostile Root is not an X-Ray ID.
            assertMissing(ids, "ignored the X-Amzn-Trace-Id header", "X-Ray Root");
        }
        assertThat(ids.problem()).doesNotContain("FORGED", "FFFFFFFFFF", "5b8e0f3c", "\r", "\n", "\u001b", "\0");
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("hostileExtendedIds")
    void keeps_the_request_id_but_drops_a_hostile_extended_request_id_and_names_its_field(String source,
            String hostile, Mode mode, String file, String extendedLiteral, Class<?> type, String requestId,
            Source expected) {
        String extendedField = expected == Source.MAPPING_TEMPLATE
                ? "context.extended-request-id" : "requestContext.extendedRequestId";
        String event = json(file).replace(extendedLiteral, quoted(hostile));

        Extracted ids = mode.extract(event, type);

        assertThat(ids.requestId()).isEqualTo(requestId);
        assertThat(ids.source()).isEqualTo(expected);
        assertThat(ids.extendedRequestId()).isNull();
        assertThat(ids.problem()).contains("ignored the extended request ID in " + extendedField)
                .doesNotContain("FORGED", "\r", "\n");
    }

    static Stream<Arguments> hostileExtendedIds() {
        List<Arguments> all = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (String hostile : List.of("Fy3k\r\nFORGED", "\u001b[31mFORGED")) {
                all.add(Arguments.of("REST API", hostile, mode, "rest-proxy-v1.json", "\"Fy3kQGW7FiAEJmA=\"",
                        APIGatewayProxyRequestEvent.class, "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04", Source.REST_API));
                all.add(Arguments.of("WebSocket", hostile, mode, "websocket-message.json", "\"Fy5Kpc3NFiAFvBQ=\"",
                        APIGatewayV2WebSocketEvent.class, "Fy5Kp3gHFiAEbYg=", Source.WEBSOCKET_API));
                all.add(Arguments.of("mapping template", hostile, mode, "rest-mapping-template-passthrough.json",
                        "\"Fy6QzE4rFiAEPiw=\"", UserPojoExtractionTest.CreateOrderInput.class,
                        "71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30", Source.MAPPING_TEMPLATE));
            }
        }
        return all.stream();
    }
}
