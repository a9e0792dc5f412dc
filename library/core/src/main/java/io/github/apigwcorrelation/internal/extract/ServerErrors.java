package io.github.apigwcorrelation.internal.extract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import java.util.Map;

/** The HTTP status a handler returned to API Gateway or ALB, to tell a failed invocation from one that worked. */
public final class ServerErrors {
    private ServerErrors() {}

    /**
     * @param response what the handler returned
     * @return its status code: of the REST, HTTP API, WebSocket and ALB response types, or of a {@code Map} with a
     *     {@code statusCode} (number or numeric string); -1 when there is none; never throws
     */
    public static int status(Object response) {
        try {
            if (response instanceof APIGatewayProxyResponseEvent) {
                Integer status = ((APIGatewayProxyResponseEvent) response).getStatusCode();
                return status == null ? -1 : status;
            }
            if (response instanceof APIGatewayV2HTTPResponse) {
                return ((APIGatewayV2HTTPResponse) response).getStatusCode();
            }
            if (response instanceof ApplicationLoadBalancerResponseEvent) {
                return ((ApplicationLoadBalancerResponseEvent) response).getStatusCode();
            }
            if (response instanceof APIGatewayV2WebSocketResponse) {
                return ((APIGatewayV2WebSocketResponse) response).getStatusCode();
            }
            if (response instanceof Map) {
                Object status = ((Map<?, ?>) response).get("statusCode");
                if (status instanceof Number) {
                    return ((Number) status).intValue();
                }
                if (status instanceof String && ((String) status).matches("\\d{3}")) {
                    return Integer.parseInt((String) status);
                }
            }
            return -1;
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
