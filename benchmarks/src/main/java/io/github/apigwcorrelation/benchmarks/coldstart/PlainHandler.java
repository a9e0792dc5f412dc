package io.github.apigwcorrelation.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Cold-start contender "plain": Log4j2 and {@code aws-lambda-java-log4j2}, nothing else. */
public class PlainHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LogManager.getLogger(PlainHandler.class);

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String orderId = event.getPathParameters().get("orderId");
        LOG.info("GET order {}", orderId);
        LOG.info("Looking up order {}", orderId);
        LOG.info("Order {} found", orderId);
        return Orders.ok(orderId);
    }
}
