package io.github.apigwcorrelation.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Cold-start contender "Powertools": Powertools for AWS Lambda (Java) v2 logging through its functional API,
 * with the REST API correlation ID path, logging through SLF4J as its documentation shows.
 */
public class PowertoolsHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsHandler.class);

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event, () -> {
            String orderId = event.getPathParameters().get("orderId");
            LOG.info("GET order {}", orderId);
            LOG.info("Looking up order {}", orderId);
            LOG.info("Order {} found", orderId);
            return Orders.ok(orderId);
        });
    }
}
