package io.github.apigwcorrelation.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;

/** What every cold-start handler shares: the event it is invoked with and the response it returns. */
final class Orders {
    static final String REQUEST_ID = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    static final String EXTENDED_REQUEST_ID = "Kx7PqHdToAMEbSw=";
    static final String LAMBDA_REQUEST_ID = "17e2e82d-2c77-4a6d-b251-546905c5334a";

    private Orders() {}

    /**
     * The REST proxy event of {@code events/rest-proxy-get-order.json}, built with setters: in Lambda the
     * runtime's own serializer builds it, outside the function's class path, the same for every contender.
     */
    static APIGatewayProxyRequestEvent event() {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withResourceId("x1r9ke")
                .withResourcePath("/orders/{orderId}")
                .withHttpMethod("GET")
                .withExtendedRequestId(EXTENDED_REQUEST_ID)
                .withRequestTime("21/Nov/2024:19:04:02 +0000")
                .withPath("/dev/orders/42")
                .withAccountId("123456789012")
                .withProtocol("HTTP/1.1")
                .withStage("dev")
                .withDomainPrefix("k3q7vx2m9d")
                .withRequestTimeEpoch(1732215842317L)
                .withRequestId(REQUEST_ID)
                .withDomainName("k3q7vx2m9d.execute-api.us-east-1.amazonaws.com")
                .withApiId("k3q7vx2m9d");
        return new APIGatewayProxyRequestEvent()
                .withResource("/orders/{orderId}")
                .withPath("/orders/42")
                .withHttpMethod("GET")
                .withHeaders(Map.of("Accept", "application/json",
                        "Host", "k3q7vx2m9d.execute-api.us-east-1.amazonaws.com",
                        "X-Amzn-Trace-Id", "Root=1-673f8422-8c3b04205a97c4e757a72d23"))
                .withPathParameters(Map.of("orderId", "42"))
                .withRequestContext(context)
                .withIsBase64Encoded(false);
    }

    static APIGatewayProxyResponseEvent ok(String orderId) {
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withBody("{\"orderId\":\"" + orderId + "\",\"status\":\"SHIPPED\"}");
    }
}
