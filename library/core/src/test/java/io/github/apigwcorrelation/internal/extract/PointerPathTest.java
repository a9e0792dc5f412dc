package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertFound;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertMissing;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.internal.extract.EventFixtures.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Role 1, user-configured JSON Pointers: applied to maps, POJOs, lists, JSON strings and raw streams. */
class PointerPathTest {

    /** A custom payload as a user POJO. */
    public static class CustomPayload {
        public Meta meta;
        public List<Item> items;
        public long sequence;
    }

    public static class Meta {
        public String correlationId;
    }

    public static class Item {
        public String id;
    }

    private static final String CUSTOM_PAYLOAD = """
            {"meta": {"correlationId": "corr-3f5a7c9e-1b2d"},
             "items": [{"id": "item-0-c1e3"}, {"id": "item-1-a5b7"}],
             "sequence": 48213}""";

    private static List<PointerPath> pointers(String... texts) {
        return java.util.Arrays.stream(texts).map(PointerPath::compile).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_the_id_at_a_pointer_into_a_custom_payload(Mode mode) {
        Extracted ids = mode.extract(CUSTOM_PAYLOAD, CustomPayload.class, pointers("/meta/correlationId"));

        assertFound(ids, "corr-3f5a7c9e-1b2d", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_the_id_at_a_pointer_with_a_list_index(Mode mode) {
        Extracted ids = mode.extract(CUSTOM_PAYLOAD, CustomPayload.class, pointers("/items/1/id"));

        assertFound(ids, "item-1-a5b7", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void refuses_a_numeric_value_at_a_pointer_on_every_reader(Mode mode) {
        Extracted ids = mode.extract(CUSTOM_PAYLOAD, CustomPayload.class, pointers("/sequence"));

        assertMissing(ids, "ignored the request ID in the event at /sequence", "not a string");
    }

    /** A number has no one text: {@code 1e2} is {@code 100.0} in a {@code Map}, {@code 1.50} is {@code 1.5}. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void refuses_numbers_that_readers_would_print_differently(Mode mode) {
        for (String number : List.of("1e2", "1.50", "-0", "12345678901234567890123")) {
            Extracted ids = mode.extract("{\"meta\": {\"correlationId\": " + number + "}}", Map.class,
                    pointers("/meta/correlationId"));

            assertMissing(ids, "not a string");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"JSON_STRING", "STREAM"})
    void refuses_a_hex_number_as_invalid_json_as_the_runtime_does(Mode mode) {
        Extracted ids = mode.extract("{\"meta\": {\"correlationId\": 0x10}}", Map.class,
                pointers("/meta/correlationId"));

        assertMissing(ids, "not valid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void prefers_the_pointer_over_the_built_in_request_context(Mode mode) {
        String event = json("rest-proxy-v1.json")
                .replace("\"Accept\": \"application/json\",", "\"Accept\": \"application/json\", \"x-correlation-id\": \"corr-9b1d3f5a\",");

        Extracted ids = mode.extract(event, APIGatewayProxyRequestEvent.class, pointers("/headers/x-correlation-id"));

        assertFound(ids, "corr-9b1d3f5a", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void falls_back_to_the_built_in_source_when_the_pointer_is_absent(Mode mode) {
        Extracted ids = mode.extract(
                json("rest-proxy-v1.json"), APIGatewayProxyRequestEvent.class, pointers("/headers/x-correlation-id"));

        assertFound(ids, "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04", "Fy3kQGW7FiAEJmA=", Source.REST_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void falls_back_to_the_built_in_source_when_the_pointer_holds_null(Mode mode) {
        String event = json("rest-proxy-v1.json").replace("\"body\": null", "\"body\": null, \"meta\": {\"correlationId\": null}");

        Extracted ids = mode.extract(event, Map.class, pointers("/meta/correlationId"));

        assertFound(ids, "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04", "Fy3kQGW7FiAEJmA=", Source.REST_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void tries_the_next_pointer_when_the_first_is_absent(Mode mode) {
        Extracted ids = mode.extract(CUSTOM_PAYLOAD, CustomPayload.class, pointers("/meta/traceId", "/items/0/id"));

        assertFound(ids, "item-0-c1e3", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void unescapes_tilde_and_slash_in_pointer_segments(Mode mode) {
        String event = "{\"a/b\": {\"c~d\": \"escaped-7e9a\"}}";

        Extracted ids = mode.extract(event, Map.class, pointers("/a~1b/c~0d"));

        assertFound(ids, "escaped-7e9a", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void reads_an_index_into_a_list_of_lists(Mode mode) {
        String event = "{\"batches\": [[\"skip\"], [\"b1-0\", \"batch-1-item-1\"]]}";

        Extracted ids = mode.extract(event, Map.class, pointers("/batches/1/1"));

        assertFound(ids, "batch-1-item-1", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void drops_an_implausible_value_at_a_pointer_instead_of_logging_it(Mode mode) {
        String event = "{\"meta\": {\"correlationId\": \"ok\\r\\nFORGED line\"}}";

        Extracted ids = mode.extract(event, Map.class, pointers("/meta/correlationId"));

        assertMissing(ids, "/meta/correlationId", "U+000D");
        assertThat(ids.problem()).doesNotContain("FORGED");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void tries_pointers_in_the_configured_order_not_the_order_of_the_json(Mode mode) {
        String event = """
                {"headers": {"x-correlation-id": "from-header-1b3d"},
                 "meta": {"correlationId": "from-meta-5f7a"}}""";

        Extracted ids = mode.extract(event, Map.class, pointers("/meta/correlationId", "/headers/x-correlation-id"));

        assertFound(ids, "from-meta-5f7a", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void tries_the_next_pointer_when_the_first_holds_an_implausible_value(Mode mode) {
        String event = """
                {"meta": {"correlationId": "corr\\u001b[31mFORGED"},
                 "headers": {"x-correlation-id": "from-header-1b3d"}}""";

        Extracted ids = mode.extract(event, Map.class, pointers("/meta/correlationId", "/headers/x-correlation-id"));

        assertFound(ids, "from-header-1b3d", null, Source.JSON_POINTER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void a_hostile_value_at_a_pointer_does_not_hide_the_built_in_request_id(Mode mode) {
        String event = json("rest-proxy-v1.json").replace("\"Accept\": \"application/json\",",
                "\"Accept\": \"application/json\", \"x-correlation-id\": \"corr\\r\\nFORGED\",");

        Extracted ids = mode.extract(event, APIGatewayProxyRequestEvent.class, pointers("/headers/x-correlation-id"));

        assertFound(ids, "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04", "Fy3kQGW7FiAEJmA=", Source.REST_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void passes_over_a_pointer_at_an_object_or_array_to_the_built_in_source(Mode mode) {
        for (String value : List.of("{\"value\": \"corr-1\"}", "[\"corr-1\"]", "true")) {
            String event = "{\"meta\": {\"correlationId\": " + value + "}, "
                    + "\"requestContext\": {\"requestId\": \"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\", "
                    + "\"apiId\": \"w4hd8ru2l1\"}}";

            Extracted ids = mode.extract(event, Map.class, pointers("/meta/correlationId"));

            assertThat(ids.requestId()).as("for %s", value).isEqualTo("9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04");
            assertThat(ids.source()).as("for %s", value).isEqualTo(Source.REST_API);
        }
    }

    @Test
    void reads_a_pointer_from_a_raw_stream_and_replays_the_event() {
        byte[] bytes = CUSTOM_PAYLOAD.getBytes(StandardCharsets.UTF_8);

        StreamScanner.Scan scan = StreamScanner.scan(new ByteArrayInputStream(bytes), pointers("/items/0/id"));

        assertFound(scan.ids(), "item-0-c1e3", null, Source.JSON_POINTER);
        assertThat(EventFixtures.readAll(scan.replay())).isEqualTo(bytes);
    }

    @Test
    void reads_a_pointer_into_a_plain_java_list_and_map_built_by_hand() {
        Map<String, Object> event = Map.of("items", List.of(Map.of("id", "hand-0-5f7a"), Map.of("id", "hand-1-9c1e")));

        Extracted ids = EventExtractor.extract(event, pointers("/items/0/id"));

        assertFound(ids, "hand-0-5f7a", null, Source.JSON_POINTER);
    }

    @Test
    void reads_a_pointer_into_a_typed_event_through_its_getters() {
        APIGatewayProxyRequestEvent event = EventFixtures.asHandlerInput(
                json("rest-proxy-v1.json"), APIGatewayProxyRequestEvent.class);

        Extracted ids = EventExtractor.extract(event, pointers("/pathParameters/invoiceId"));

        assertFound(ids, "inv-7731", null, Source.JSON_POINTER);
    }

    @Test
    void compiles_a_pointer_into_its_segments_and_keeps_its_text() {
        PointerPath pointer = PointerPath.compile("/items/12/id");

        assertThat(pointer.length()).isEqualTo(3);
        assertThat(List.of(pointer.name(0), pointer.name(1), pointer.name(2))).containsExactly("items", "12", "id");
        assertThat(new int[] {pointer.index(0), pointer.index(1), pointer.index(2)}).containsExactly(-1, 12, -1);
        assertThat(pointer).hasToString("/items/12/id");
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "meta/correlationId", "~/x"})
    void rejects_an_invalid_pointer_with_a_message_naming_it(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PointerPath.compile(text))
                .withMessageContaining("'" + text + "'");
    }
}
