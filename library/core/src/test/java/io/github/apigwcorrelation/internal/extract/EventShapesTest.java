package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertFound;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.internal.extract.EventFixtures.Mode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Role 1, built-in sources: each event shape API Gateway and ALB send gives the same IDs whether the handler
 * takes the typed event (as the runtime deserializes it), a {@code Map}, a JSON string or the raw stream.
 */
class EventShapesTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_request_and_extended_id_from_a_rest_proxy_event(Mode mode) {
        Extracted ids = mode.extract(json("rest-proxy-v1.json"), APIGatewayProxyRequestEvent.class);

        assertFound(ids, "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04", "Fy3kQGW7FiAEJmA=", Source.REST_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_the_request_id_of_an_http_api_event(Mode mode) {
        Extracted ids = mode.extract(json("http-api-v2.json"), APIGatewayV2HTTPEvent.class);

        assertFound(ids, "Fy4TjhXZliAEMvQ=", null, Source.HTTP_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_request_and_extended_id_from_a_websocket_connect_event(Mode mode) {
        Extracted ids = mode.extract(json("websocket-connect.json"), APIGatewayV2WebSocketEvent.class);

        assertFound(ids, "Fy5AbGNgFiAFpWQ=", "Fy5AbHq1FiAFcXw=", Source.WEBSOCKET_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_request_and_extended_id_from_a_websocket_message_event(Mode mode) {
        Extracted ids = mode.extract(json("websocket-message.json"), APIGatewayV2WebSocketEvent.class);

        assertFound(ids, "Fy5Kp3gHFiAEbYg=", "Fy5Kpc3NFiAFvBQ=", Source.WEBSOCKET_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void falls_back_to_the_trace_root_of_an_alb_event_with_single_value_headers(Mode mode) {
        Extracted ids = mode.extract(json("alb-single-value-headers.json"), ApplicationLoadBalancerRequestEvent.class);

        assertFound(ids, "1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c", null, Source.ALB_TRACE_HEADER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void falls_back_to_the_trace_root_of_an_alb_event_with_multi_value_headers(Mode mode) {
        Extracted ids = mode.extract(json("alb-multi-value-headers.json"), ApplicationLoadBalancerRequestEvent.class);

        assertFound(ids, "1-6791a4d7-9c1e3a5b7d9f1b3d5f7a9c1e", null, Source.ALB_TRACE_HEADER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_the_request_id_of_a_rest_authorizer_request_event(Mode mode) {
        Extracted ids = mode.extract(json("rest-authorizer-request.json"), APIGatewayCustomAuthorizerEvent.class);

        assertFound(ids, "2d6b8f1a-93c4-4e7a-8b0d-5f1e3a7c9b24", null, Source.REST_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_request_and_extended_id_from_the_passthrough_mapping_template(Mode mode) {
        Extracted ids = mode.extract(
                json("rest-mapping-template-passthrough.json"), UserPojoExtractionTest.CreateOrderInput.class);

        assertFound(ids, "71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30", "Fy6QzE4rFiAEPiw=", Source.MAPPING_TEMPLATE);
    }

    static Stream<Arguments> eventFiles() {
        return Stream.of(
                Arguments.of("rest-proxy-v1.json", APIGatewayProxyRequestEvent.class),
                Arguments.of("http-api-v2.json", APIGatewayV2HTTPEvent.class),
                Arguments.of("websocket-connect.json", APIGatewayV2WebSocketEvent.class),
                Arguments.of("websocket-message.json", APIGatewayV2WebSocketEvent.class),
                Arguments.of("alb-single-value-headers.json", ApplicationLoadBalancerRequestEvent.class),
                Arguments.of("alb-multi-value-headers.json", ApplicationLoadBalancerRequestEvent.class),
                Arguments.of("rest-authorizer-request.json", APIGatewayCustomAuthorizerEvent.class),
                Arguments.of("rest-mapping-template-passthrough.json", UserPojoExtractionTest.CreateOrderInput.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void typed_getters_map_walk_and_stream_scan_agree(String file, Class<?> type) {
        String event = json(file);
        Map<Mode, List<Object>> results = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            Extracted ids = mode.extract(event, type);
            results.put(mode, List.of(String.valueOf(ids.requestId()), String.valueOf(ids.extendedRequestId()),
                    ids.source(), String.valueOf(ids.problem())));
        }

        assertThat(results.values()).as("%s", results).allMatch(result -> result.equals(results.get(Mode.TYPED)));
        assertThat(results.get(Mode.TYPED).get(2)).isNotEqualTo(Source.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void prefers_the_request_context_over_the_trace_header_of_an_api_gateway_event(Mode mode) {
        // The REST event carries an X-Amzn-Trace-Id header too: the API Gateway request ID must win.
        Extracted ids = mode.extract(json("rest-proxy-v1.json"), APIGatewayProxyRequestEvent.class);

        assertThat(ids.requestId()).isNotEqualTo("1-6791a0c4-0e3b5d7f9a1c3e5b7d9f1a3c");
        assertThat(ids.source()).isEqualTo(Source.REST_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_the_root_of_a_trace_header_that_alb_prefixed_with_self(Mode mode) {
        String event = json("alb-single-value-headers.json")
                .replace("\"Root=1-6791a3c1", "\"Self=1-6791a3c1-000000000000000000000001;Root=1-6791a3c1");

        Extracted ids = mode.extract(event, ApplicationLoadBalancerRequestEvent.class);

        assertFound(ids, "1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c", null, Source.ALB_TRACE_HEADER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void matches_the_trace_header_name_case_insensitively(Mode mode) {
        String event = json("alb-multi-value-headers.json").replace("\"x-amzn-trace-id\"", "\"X-AMZN-TRACE-ID\"");

        Extracted ids = mode.extract(event, ApplicationLoadBalancerRequestEvent.class);

        assertFound(ids, "1-6791a4d7-9c1e3a5b7d9f1b3d5f7a9c1e", null, Source.ALB_TRACE_HEADER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_a_rest_event_without_extended_request_id(Mode mode) {
        String event = json("rest-proxy-v1.json").replace("\"extendedRequestId\": \"Fy3kQGW7FiAEJmA=\",", "");

        Extracted ids = mode.extract(event, APIGatewayProxyRequestEvent.class);

        assertFound(ids, "9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04", null, Source.REST_API);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_the_request_id_of_an_http_api_event_whatever_the_order_of_its_fields_in_the_request_context(Mode mode) {
        String event = """
                {"version": "2.0", "routeKey": "$default",
                 "requestContext": {"requestId": "Fy7aaBcDliAEJzw=", "apiId": "z7yx3vu9ts", "stage": "$default",
                                    "http": {"method": "GET", "path": "/"}}}""";

        Extracted ids = mode.extract(event, APIGatewayV2HTTPEvent.class);

        assertFound(ids, "Fy7aaBcDliAEJzw=", null, Source.HTTP_API);
    }

    @Test
    void a_typed_rest_authorizer_event_has_no_extended_request_id_even_when_the_json_has_one() {
        // APIGatewayCustomAuthorizerEvent.RequestContext has no extendedRequestId property, so the runtime
        // drops it; a Map or the raw JSON still carry it. Documented here so a change is noticed.
        String event = json("rest-authorizer-request.json")
                .replace("\"stage\": \"prod\",", "\"stage\": \"prod\", \"extendedRequestId\": \"Fy8bC1dEFiAEKqA=\",");

        Extracted typed = Mode.TYPED.extract(event, APIGatewayCustomAuthorizerEvent.class);
        Extracted map = Mode.MAP.extract(event, Map.class);
        Extracted stream = Mode.STREAM.extract(event, Map.class);

        assertFound(typed, "2d6b8f1a-93c4-4e7a-8b0d-5f1e3a7c9b24", null, Source.REST_API);
        assertFound(map, "2d6b8f1a-93c4-4e7a-8b0d-5f1e3a7c9b24", "Fy8bC1dEFiAEKqA=", Source.REST_API);
        assertFound(stream, "2d6b8f1a-93c4-4e7a-8b0d-5f1e3a7c9b24", "Fy8bC1dEFiAEKqA=", Source.REST_API);
    }

    @Test
    void reads_a_typed_event_class_the_extractor_has_no_branch_for_through_its_getters() {
        // HTTP API REQUEST authorizer (payload 2.0): no dedicated branch, read as a POJO by property names.
        String event = """
                {"version": "2.0", "type": "REQUEST",
                 "routeArn": "arn:aws:execute-api:eu-central-1:210987654321:z7yx3vu9ts/$default/GET/carts",
                 "identitySource": ["Bearer opaque-token-for-tests"], "routeKey": "GET /carts",
                 "rawPath": "/carts", "rawQueryString": "", "headers": {"x-amzn-trace-id": "Root=1-6791a7aa-1f3a5c7e9b1d3f5a7c9e1b3d"},
                 "requestContext": {"accountId": "210987654321", "apiId": "z7yx3vu9ts", "domainName": "z7yx3vu9ts.execute-api.eu-central-1.amazonaws.com",
                                    "http": {"method": "GET", "path": "/carts", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.203", "userAgent": "okhttp/4.12.0"},
                                    "requestId": "Fy9cD2eFliAEKrB=", "routeKey": "GET /carts", "stage": "$default",
                                    "time": "22/Jan/2025:14:01:02 +0000", "timeEpoch": 1737554462000}}""";

        for (Mode mode : Mode.values()) {
            Extracted ids = mode.extract(
                    event, com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent.class);

            assertFound(ids, "Fy9cD2eFliAEKrB=", null, Source.HTTP_API);
        }
    }
}
