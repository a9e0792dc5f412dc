package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.asHandlerInput;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertFound;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertMissing;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.RequestIds.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Role 1, user POJOs: a non-proxy integration hands the mapping template's output to a class the user wrote; the
 * extractor reads it by property names, matching JSON names loosely ({@code request-id} = {@code requestId}).
 */
class UserPojoExtractionTest {

    /** What a user writes for the console's "Method Request passthrough" template: {@code context} as a map. */
    public static class CreateOrderInput {
        public Map<String, Object> context;
        public Map<String, Object> params;
    }

    /** A user payload whose template renders {@code "requestId": "$context.requestId"} into a nested object. */
    public static class OrderRequest {
        public TemplateContext context;
        public Order order;
    }

    public static class TemplateContext {
        public String requestId;
        public String extendedRequestId;
        public String stage;
    }

    public static class Order {
        public String customerId;
        public List<Map<String, Object>> lines;
    }

    /** Non-public, private fields, public getters: readable only through the getters. */
    static final class ShipmentCommand {
        private final CommandContext context;

        ShipmentCommand(CommandContext context) {
            this.context = context;
        }

        public CommandContext getContext() {
            return context;
        }
    }

    static final class CommandContext {
        private final String id;
        private final String extId;

        CommandContext(String id, String extId) {
            this.id = id;
            this.extId = extId;
        }

        public String getRequestId() {
            return id;
        }

        public String getExtendedRequestId() {
            return extId;
        }
    }

    /** Private class, private fields, no getters at all. */
    private static final class BareContext {
        @SuppressWarnings("unused")
        private final String request_id;

        BareContext(String requestId) {
            this.request_id = requestId;
        }
    }

    private static final class BareEvent {
        @SuppressWarnings("unused")
        private final BareContext context;

        BareEvent(BareContext context) {
            this.context = context;
        }
    }

    record RecordContext(String requestId, String extendedRequestId) {}

    record RecordEvent(RecordContext context) {}

    /** A user class shaped like a REST proxy event. */
    public static class MyProxyEvent {
        private final MyRequestContext requestContext;

        public MyProxyEvent(MyRequestContext requestContext) {
            this.requestContext = requestContext;
        }

        public MyRequestContext getRequestContext() {
            return requestContext;
        }
    }

    public static class MyRequestContext {
        private final String requestId;
        private final String extendedRequestId;

        public MyRequestContext(String requestId, String extendedRequestId) {
            this.requestId = requestId;
            this.extendedRequestId = extendedRequestId;
        }

        public String getRequestId() {
            return requestId;
        }

        public String getExtendedRequestId() {
            return extendedRequestId;
        }

        public String getApiId() {
            return "w4hd8ru2l1";
        }
    }

    @Test
    void reads_the_mapping_template_ids_from_a_user_pojo_with_a_context_map() {
        CreateOrderInput input = asHandlerInput(json("rest-mapping-template-passthrough.json"), CreateOrderInput.class);

        Extracted ids = EventExtractor.extract(input, List.of());

        assertFound(ids, "71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30", "Fy6QzE4rFiAEPiw=", Source.MAPPING_TEMPLATE);
    }

    @Test
    void matches_request_id_loosely_against_a_requestId_property_of_a_nested_context_object() {
        String event = """
                {"order": {"customerId": "cus-20931", "lines": [{"sku": "TEA-GREEN-250", "quantity": 3}]},
                 "context": {"requestId": "0e4a6c8b-2d1f-4b3a-9c5e-7f1a3b5d7e90",
                             "extendedRequestId": "FyAdE3fGFiAEKsC=", "stage": "prod"}}""";
        OrderRequest input = asHandlerInput(event, OrderRequest.class);
        assertThat(input.context.requestId).as("the runtime filled the POJO").isNotNull();

        Extracted ids = EventExtractor.extract(input, List.of());

        assertFound(ids, "0e4a6c8b-2d1f-4b3a-9c5e-7f1a3b5d7e90", "FyAdE3fGFiAEKsC=", Source.MAPPING_TEMPLATE);
    }

    @Test
    void reads_a_non_public_class_with_private_fields_through_its_public_getters() {
        ShipmentCommand command = new ShipmentCommand(
                new CommandContext("5a7c9e1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b", "FyBeF4gHFiAEKtD="));

        Extracted ids = EventExtractor.extract(command, List.of());

        assertFound(ids, "5a7c9e1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b", "FyBeF4gHFiAEKtD=", Source.MAPPING_TEMPLATE);
    }

    @Test
    void reads_private_fields_of_a_private_class_without_getters() {
        BareEvent event = new BareEvent(new BareContext("6b8d0f2a-4c6e-4b8d-8f2a-4c6e8a0b2d4f"));

        Extracted ids = EventExtractor.extract(event, List.of());

        assertFound(ids, "6b8d0f2a-4c6e-4b8d-8f2a-4c6e8a0b2d4f", null, Source.MAPPING_TEMPLATE);
    }

    @Test
    void reads_the_components_of_a_record() {
        RecordEvent event = new RecordEvent(new RecordContext("7c9e1b3d-5f7a-4c9e-9b3d-5f7a9c1e3b5d", null));

        Extracted ids = EventExtractor.extract(event, List.of());

        assertFound(ids, "7c9e1b3d-5f7a-4c9e-9b3d-5f7a9c1e3b5d", null, Source.MAPPING_TEMPLATE);
    }

    @Test
    void reads_a_user_class_shaped_like_a_rest_proxy_event() {
        MyProxyEvent event = new MyProxyEvent(
                new MyRequestContext("8d0f2a4c-6e8a-4d0f-a4c6-e8a0b2d4f6a8", "FyCfG5hIFiAEKuE="));

        Extracted ids = EventExtractor.extract(event, List.of());

        assertFound(ids, "8d0f2a4c-6e8a-4d0f-a4c6-e8a0b2d4f6a8", "FyCfG5hIFiAEKuE=", Source.REST_API);
    }

    @Test
    void a_pojo_with_a_requestId_field_gets_nothing_from_the_passthrough_template_because_the_runtime_drops_request_id() {
        // The runtime's Jackson does not map "request-id" onto a requestId field: the value never reaches the
        // POJO, so there is nothing to extract. Users of the passthrough template need a Map for context.
        OrderRequest input = asHandlerInput(json("rest-mapping-template-passthrough.json"), OrderRequest.class);
        assertThat(input.context).isNotNull();
        assertThat(input.context.requestId).isNull();

        Extracted ids = EventExtractor.extract(input, List.of());

        assertMissing(ids, "OrderRequest");
    }
}
