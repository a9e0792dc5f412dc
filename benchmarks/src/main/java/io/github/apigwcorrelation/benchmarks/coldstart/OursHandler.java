package io.github.apigwcorrelation.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Cold-start contender "ours": the library's base class with its defaults, so the optional invocation line is
 * logged too (four lines in all).
 */
public class OursHandler extends CorrelatedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LogManager.getLogger(OursHandler.class);

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        String orderId = event.getPathParameters().get("orderId");
        LOG.info("GET order {}", orderId);
        LOG.info("Looking up order {}", orderId);
        LOG.info("Order {} found", orderId);
        return Orders.ok(orderId);
    }
}
