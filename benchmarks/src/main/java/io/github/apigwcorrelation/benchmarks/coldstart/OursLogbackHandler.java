package io.github.apigwcorrelation.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cold-start contender "ours-logback": the library's base class with its defaults on the Logback adapter, so the
 * optional invocation line is logged too (four lines in all), with the Logback sample's {@code logback.xml}.
 */
public class OursLogbackHandler
        extends CorrelatedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(OursLogbackHandler.class);

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        String orderId = event.getPathParameters().get("orderId");
        LOG.info("GET order {}", orderId);
        LOG.info("Looking up order {}", orderId);
        LOG.info("Order {} found", orderId);
        return Orders.ok(orderId);
    }
}
