package com.example.orders;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST /orders} on the REST API, non-proxy integration: the input is what the mapping template
 * rendered ({@code body-json}, {@code params}, {@code context} with {@code request-id}), as a {@code Map}.
 * The returned map becomes the response body; an exception whose message starts with {@code Invalid order}
 * is mapped to 400 by the integration response, any other to 500.
 *
 * <p>Each created order goes to fulfilment as an {@code OrderCreated} SQS message ({@link OrderEvents}), which
 * {@link FulfilOrderHandler} consumes. The sample's {@link OrdersCorrelation} keeps the DEBUG lines of each request
 * and writes them only when it fails: an order of the item {@code unpriceable} fails in pricing, and its log shows
 * the story that led there.
 */
public class CreateOrderHandler extends CorrelatedRequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger log = LogManager.getLogger(CreateOrderHandler.class);
    private final OrderService orders = new OrderService();
    private final OrderEvents events = new OrderEvents(System.getenv("ORDERS_QUEUE_URL"));

    public CreateOrderHandler() {
        super(OrdersCorrelation.CORRELATION);
    }

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
        events.orderCreated(created);
        log.info("Created order {}", created.get("orderId"));
        return created;
    }
}
