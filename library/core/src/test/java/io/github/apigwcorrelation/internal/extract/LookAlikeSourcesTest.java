package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertFound;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertMissing;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.internal.extract.EventFixtures.Mode;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Look-alike sources: other AWS services write a {@code requestContext.requestId} too, and clients can send an
 * {@code X-Amzn-Trace-Id} header to anything. None of that may be logged as an API Gateway ID, on any entry
 * point: only an event recognisably from API Gateway yields one, and only an ALB event falls back to the X-Ray
 * {@code Root} of its trace header.
 */
class LookAlikeSourcesTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void a_lambda_function_url_event_has_no_api_gateway_id(Mode mode) {
        Extracted ids = mode.extract(json("function-url.json"), APIGatewayV2HTTPEvent.class);

        assertMissing(ids, "function URL", "not an API Gateway event");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void an_asynchronous_invocation_record_has_no_api_gateway_id(Mode mode) {
        Extracted ids = mode.extract(json("lambda-destination-record.json"), Map.class);

        assertMissing(ids, "asynchronous invocation record", "not an API Gateway event");
    }

    /** Typed as a REST event, the record's context has no {@code apiId}: the same answer, another reason. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void an_asynchronous_invocation_record_read_as_a_rest_event_has_no_api_gateway_id(Mode mode) {
        Extracted ids = mode.extract(json("lambda-destination-record.json"), APIGatewayProxyRequestEvent.class);

        assertMissing(ids, "not");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void a_vpc_lattice_event_has_no_api_gateway_id_and_its_trace_header_is_not_used(Mode mode) {
        Extracted ids = mode.extract(json("vpc-lattice-v2.json"), Map.class);

        assertMissing(ids, "VPC Lattice", "not an API Gateway event");
    }

    /** Before, a typed REST event gave the placeholder while a {@code Map} or stream called the header ALB's. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void a_rest_event_with_a_null_request_id_gives_the_placeholder_on_every_entry_point(Mode mode) {
        String event = json("rest-proxy-v1.json")
                .replace("\"requestId\": \"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"", "\"requestId\": null")
                .replace("\"Accept\": \"application/json\",",
                        "\"Accept\": \"application/json\", \"X-Amzn-Trace-Id\": \"Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c\",");

        Extracted ids = mode.extract(event, APIGatewayProxyRequestEvent.class);

        assertMissing(ids, "requestContext.requestId", "null");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"MAP", "JSON_STRING", "STREAM"})
    void a_client_trace_header_on_an_event_without_a_request_context_is_not_an_id(Mode mode) {
        Extracted ids = mode.extract("{\"headers\": {\"X-Amzn-Trace-Id\": \"client-picked-id\"}, \"body\": \"{}\"}",
                Map.class);

        assertMissing(ids);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void an_alb_trace_header_without_an_x_ray_root_is_not_an_id(Mode mode) {
        for (String header : new String[] {"client-picked-id", "Self=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c",
            "Root=client-picked-id", "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4", "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4cX",
            "Root=2-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c", "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4g",
            "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Root=1-11111111-111111111111111111111111"}) {
            String event = json("alb-single-value-headers.json").replace(
                    "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1", header);

            assertMissing(mode.extract(event, ApplicationLoadBalancerRequestEvent.class), "X-Amzn-Trace-Id");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void an_alb_event_keeps_only_the_root_of_a_well_formed_trace_header(Mode mode) {
        String event = json("alb-single-value-headers.json").replace(
                "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1",
                "Self=1-6791a3c2-0c2e4a6b8d0f2a4c2b4d6f8a; Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c ;Sampled=1");

        assertFound(mode.extract(event, ApplicationLoadBalancerRequestEvent.class),
                "1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c", null, Source.ALB_TRACE_HEADER);
    }

    /** A client that sends the header twice in two spellings must not choose which one is logged. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void an_alb_event_with_two_trace_headers_is_ambiguous(Mode mode) {
        String event = json("alb-single-value-headers.json").replace("\"x-forwarded-for\": \"10.0.12.34\",",
                "\"X-Amzn-Trace-Id\": \"Root=1-11111111-111111111111111111111111\", \"x-forwarded-for\": \"10.0.12.34\",");

        assertMissing(mode.extract(event, ApplicationLoadBalancerRequestEvent.class), "ambiguous");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void an_alb_event_with_two_values_of_its_multi_value_trace_header_is_ambiguous(Mode mode) {
        String event = json("alb-multi-value-headers.json").replaceAll(
                "\"x-amzn-trace-id\": \\[\\s*\"([^\"]*)\"\\s*]",
                "\"x-amzn-trace-id\": [\"Root=1-11111111-111111111111111111111111\", \"$1\"]");

        assertMissing(mode.extract(event, ApplicationLoadBalancerRequestEvent.class), "ambiguous");
    }
}
