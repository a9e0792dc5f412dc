package com.example.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /orders} on the HTTP API, payload format 2.0. */
public class ListOrdersHandler extends CorrelatedRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger log = LoggerFactory.getLogger(ListOrdersHandler.class);
    private final OrderService orders = new OrderService();

    @Override
    protected APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> query = event == null ? null : event.getQueryStringParameters();
        String status = query == null ? "open" : query.getOrDefault("status", "open");
        log.info("GET orders with status {}", status);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(Json.write(orders.list(status)))
                .build();
    }
}
