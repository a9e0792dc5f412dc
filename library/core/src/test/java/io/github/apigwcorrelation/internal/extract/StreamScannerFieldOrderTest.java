package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.assertFound;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.internal.extract.EventFixtures.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The scan's answer must not depend on the order of the members of a JSON object (RFC 8259: unordered). */
class StreamScannerFieldOrderTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void reads_the_extended_request_id_that_follows_request_id_in_a_mapping_template(Mode mode) {
        String event = """
                {"body-json": {"customerId": "cus-20931"},
                 "context": {"http-method": "POST", "stage": "prod",
                             "request-id": "71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30",
                             "extended-request-id": "Fy6QzE4rFiAEPiw=",
                             "resource-path": "/orders"}}""";

        Extracted ids = mode.extract(event, UserPojoExtractionTest.CreateOrderInput.class);

        assertFound(ids, "71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30", "Fy6QzE4rFiAEPiw=", Source.MAPPING_TEMPLATE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void recognises_an_http_api_event_whose_version_comes_after_its_request_context(Mode mode) {
        String event = """
                {"routeKey": "$default", "rawPath": "/",
                 "requestContext": {"requestId": "Fy7aaBcDliAEJzw=", "apiId": "z7yx3vu9ts", "stage": "$default",
                                    "http": {"method": "GET", "path": "/"}},
                 "isBase64Encoded": false, "version": "2.0"}""";

        Extracted ids = mode.extract(event, APIGatewayV2HTTPEvent.class);

        assertFound(ids, "Fy7aaBcDliAEJzw=", null, Source.HTTP_API);
    }
}
