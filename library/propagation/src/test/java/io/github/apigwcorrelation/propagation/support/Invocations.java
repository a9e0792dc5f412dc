package io.github.apigwcorrelation.propagation.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.fixtures.FakeContext;

/** Opens real invocation scopes, the way a handler's entry point does, from a REST API event. */
public final class Invocations {
    private static final Correlation CORRELATION = Correlation.builder().logInvocationLine(false).build();

    private Invocations() {}

    /**
     * @param apiGatewayRequestId the event's {@code requestContext.requestId}, used as sent (the core decides
     *     whether it is plausible)
     * @return the scope of an invocation of that REST API request, to close on this thread
     */
    public static CorrelationScope restApiRequest(String apiGatewayRequestId) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/orders").withResource("/orders")
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(apiGatewayRequestId).withApiId("a1b2c3d4e5").withStage("prod"));
        return CORRELATION.open(event, new FakeContext("7c8f7d0e-4a3b-4c5d-9e6f-0a1b2c3d4e5f"));
    }
}
