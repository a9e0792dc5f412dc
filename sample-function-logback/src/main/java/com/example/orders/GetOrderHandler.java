package com.example.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /orders/{orderId}} on the REST API, Lambda proxy integration. */
// tag::handler[]
public class GetOrderHandler
        extends CorrelatedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger log = LoggerFactory.getLogger(GetOrderHandler.class);
    private final OrderService orders = new OrderService();

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        Map<String, String> path = event == null ? null : event.getPathParameters();
        String orderId = path == null ? null : path.get("orderId");
        log.info("GET order {}", orderId);
        if (orderId == null) {
            log.warn("No orderId path parameter: answering 400");
            return respond(400, Map.of("message", "orderId is required"));
        }
        return respond(200, orders.find(orderId));
    }

    private static APIGatewayProxyResponseEvent respond(int status, Map<String, ?> body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(Json.write(body));
    }
}
// end::handler[]
