package io.github.apigwcorrelation.internal.extract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Whether a request asks to be sampled through the header the API owner chose: the header, in any case, holding
 * {@code 1} or {@code true}, once. Never throws.
 */
public final class SampleHeader {
    private SampleHeader() {}

    /**
     * @param event the handler's input: a typed event, a {@code Map}, a POJO, a JSON string or bytes
     * @param name the header's name
     * @return whether the request carries it with {@code 1} or {@code true}
     */
    public static boolean requested(Object event, String name) {
        try {
            if (event instanceof APIGatewayProxyRequestEvent) {
                APIGatewayProxyRequestEvent rest = (APIGatewayProxyRequestEvent) event;
                return requested(rest.getHeaders(), rest.getMultiValueHeaders(), name);
            }
            if (event instanceof APIGatewayV2HTTPEvent) {
                return requested(((APIGatewayV2HTTPEvent) event).getHeaders(), null, name);
            }
            if (event instanceof APIGatewayV2WebSocketEvent) {
                APIGatewayV2WebSocketEvent socket = (APIGatewayV2WebSocketEvent) event;
                return requested(socket.getHeaders(), socket.getMultiValueHeaders(), name);
            }
            if (event instanceof ApplicationLoadBalancerRequestEvent) {
                ApplicationLoadBalancerRequestEvent alb = (ApplicationLoadBalancerRequestEvent) event;
                return requested(alb.getHeaders(), alb.getMultiValueHeaders(), name);
            }
            if (event instanceof CharSequence) {
                byte[] json = event.toString().getBytes(StandardCharsets.UTF_8);
                return requested(json, json.length, name);
            }
            if (event instanceof byte[]) {
                return requested((byte[]) event, ((byte[]) event).length, name);
            }
            return requested(PropertyReader.child(event, "headers"), PropertyReader.child(event, "multiValueHeaders"),
                    name);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return false;
        }
    }

    /**
     * @param json a JSON event
     * @param length how many bytes hold it
     * @param name the header's name
     * @return whether the request carries it with {@code 1} or {@code true}
     */
    public static boolean requested(byte[] json, int length, String name) {
        JsonEventReader.Result read = JsonEventReader.read(json, length, List.of(), name);
        return read.event != null && requested(read.event.get("headers"), read.event.get("multiValueHeaders"), name);
    }

    private static boolean requested(Object headers, Object multiValueHeaders, String name) {
        Object value = one(headers, name);
        if (value == null && multiValueHeaders instanceof Map) {
            Object values = one(multiValueHeaders, name);
            value = values instanceof List && ((List<?>) values).size() == 1 ? ((List<?>) values).get(0) : null;
        }
        return value instanceof String && ("1".equals(((String) value).trim())
                || "true".equalsIgnoreCase(((String) value).trim()));
    }

    /** The header's value when it appears once, in whatever case; null when absent or repeated. */
    private static Object one(Object headers, String name) {
        if (!(headers instanceof Map)) {
            return null;
        }
        Object found = null;
        for (Map.Entry<?, ?> header : ((Map<?, ?>) headers).entrySet()) {
            if (header.getKey() instanceof String && name.equalsIgnoreCase((String) header.getKey())) {
                if (found != null) {
                    return null;
                }
                found = header.getValue();
            }
        }
        return found;
    }
}
