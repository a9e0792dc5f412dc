package io.github.apigwcorrelation.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Cold-start contender "plain-logback": SLF4J and Logback, nothing else. The Java runtime fills only Log4j2's
 * {@code ThreadContext}, so a Logback function that logs the Lambda ID puts it in the MDC itself.
 */
public class PlainLogbackHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(PlainLogbackHandler.class);

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        MDC.put("AWSRequestId", context.getAwsRequestId());
        try {
            String orderId = event.getPathParameters().get("orderId");
            LOG.info("GET order {}", orderId);
            LOG.info("Looking up order {}", orderId);
            LOG.info("Order {} found", orderId);
            return Orders.ok(orderId);
        } finally {
            MDC.remove("AWSRequestId");
        }
    }
}
