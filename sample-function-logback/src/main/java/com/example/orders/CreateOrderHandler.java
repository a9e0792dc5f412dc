package com.example.orders;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /orders} on the REST API, non-proxy integration: the input is what the mapping template
 * rendered ({@code body-json}, {@code params}, {@code context} with {@code request-id}), as a {@code Map}.
 * The returned map becomes the response body; an exception whose message starts with {@code Invalid order}
 * is mapped to 400 by the integration response.
 */
public class CreateOrderHandler extends CorrelatedRequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger log = LoggerFactory.getLogger(CreateOrderHandler.class);
    private final OrderService orders = new OrderService();

    @Override
    protected Map<String, Object> handle(Map<String, Object> input, Context context) {
        Object body = input == null ? null : input.get("body-json");
        log.info("POST order with body {}", body);
        if (!(body instanceof Map) || !(((Map<?, ?>) body).get("item") instanceof String)) {
            throw new IllegalArgumentException("Invalid order: body-json.item must be a string");
        }
        Map<?, ?> order = (Map<?, ?>) body;
        Object quantity = order.get("quantity");
        int count = quantity instanceof Number ? ((Number) quantity).intValue() : 1;
        Map<String, Object> created = orders.create((String) order.get("item"), count);
        log.info("Created order {}", created.get("orderId"));
        return created;
    }
}
