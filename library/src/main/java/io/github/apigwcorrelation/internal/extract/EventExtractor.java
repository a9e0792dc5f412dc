package io.github.apigwcorrelation.internal.extract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Event to IDs for every event shape the library knows. Typed events from {@code aws-lambda-java-events} are
 * read through their getters; {@code Map}s and user POJOs are walked by name; strings and bytes are scanned
 * as JSON. Never throws: whatever goes wrong becomes {@link Extracted#missing(String)}.
 */
public final class EventExtractor {
    static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private EventExtractor() {}

    /**
     * @param event the handler's input, of any type, possibly null
     * @param pointers user-configured paths, tried before the built-in sources
     * @return the IDs, or why there are none
     */
    public static Extracted extract(Object event, List<PointerPath> pointers) {
        try {
            return extractUnsafe(event, pointers);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return Extracted.missing("reading the " + typeName(event) + " event failed with " + e.getClass().getName());
        }
    }

    private static Extracted extractUnsafe(Object event, List<PointerPath> pointers) {
        if (event == null) {
            return Extracted.missing("the event is null");
        }
        if (event instanceof CharSequence) {
            return scan(event.toString().getBytes(StandardCharsets.UTF_8), pointers);
        }
        if (event instanceof byte[]) {
            return scan((byte[]) event, pointers);
        }
        if (event instanceof InputStream) {
            return Extracted.missing("the event is an InputStream: use CorrelatedStreamHandler or "
                    + "Correlation.wrap(RequestStreamHandler), which scan it and replay its bytes");
        }
        Extracted byPointer = pointers.isEmpty() ? null : fromPointers(event, pointers);
        return Extracted.pointerOrBuiltIn(byPointer, () -> builtIn(event));
    }

    private static Extracted builtIn(Object event) {
        if (event instanceof APIGatewayProxyRequestEvent) {
            return restApi((APIGatewayProxyRequestEvent) event);
        }
        if (event instanceof APIGatewayV2HTTPEvent) {
            return httpApi((APIGatewayV2HTTPEvent) event);
        }
        if (event instanceof APIGatewayV2WebSocketEvent) {
            return webSocket((APIGatewayV2WebSocketEvent) event);
        }
        if (event instanceof ApplicationLoadBalancerRequestEvent) {
            ApplicationLoadBalancerRequestEvent alb = (ApplicationLoadBalancerRequestEvent) event;
            return traceHeader(alb.getHeaders(), alb.getMultiValueHeaders(), "the ALB event");
        }
        if (event instanceof APIGatewayCustomAuthorizerEvent) {
            APIGatewayCustomAuthorizerEvent auth = (APIGatewayCustomAuthorizerEvent) event;
            if (auth.getRequestContext() == null) {
                return Extracted.missing("the REST API authorizer event has no requestContext");
            }
            return Extracted.of(auth.getRequestContext().getRequestId(), null, Source.REST_API,
                    "requestContext.requestId of the authorizer event");
        }
        return generic(event);
    }

    private static Extracted restApi(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        if (context == null) {
            return Extracted.missing("the REST API event has no requestContext");
        }
        return Extracted.of(context.getRequestId(), context.getExtendedRequestId(), Source.REST_API,
                "requestContext.requestId of the REST API event");
    }

    private static Extracted httpApi(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null) {
            return Extracted.missing("the HTTP API event has no requestContext");
        }
        return Extracted.of(context.getRequestId(), null, Source.HTTP_API,
                "requestContext.requestId of the HTTP API event");
    }

    private static Extracted webSocket(APIGatewayV2WebSocketEvent event) {
        APIGatewayV2WebSocketEvent.RequestContext context = event.getRequestContext();
        if (context == null) {
            return Extracted.missing("the WebSocket event has no requestContext");
        }
        return Extracted.of(context.getRequestId(), context.getExtendedRequestId(), Source.WEBSOCKET_API,
                "requestContext.requestId of the WebSocket event");
    }

    /** A {@code Map} (what the runtime gives a {@code Map} input) or a user POJO, read by property names. */
    private static Extracted generic(Object event) {
        Object requestContext = PropertyReader.child(event, "requestContext");
        if (requestContext != null && PropertyReader.child(requestContext, "elb") == null) {
            Object requestId = PropertyReader.child(requestContext, "requestId");
            if (requestId != null) {
                return Extracted.of(requestId, PropertyReader.child(requestContext, "extendedRequestId"),
                        proxySource(event, requestContext), "requestContext.requestId");
            }
        }
        Object templateContext = PropertyReader.child(event, "context");
        if (templateContext != null) {
            Object requestId = PropertyReader.child(templateContext, "request-id");
            if (requestId != null) {
                return Extracted.of(requestId, PropertyReader.child(templateContext, "extended-request-id"),
                        Source.MAPPING_TEMPLATE, "context.request-id of the mapping template");
            }
        }
        Object headers = PropertyReader.child(event, "headers");
        Object multiValueHeaders = PropertyReader.child(event, "multiValueHeaders");
        if (headers instanceof Map || multiValueHeaders instanceof Map) {
            return traceHeader(headers, multiValueHeaders, "the " + typeName(event) + " event");
        }
        return Extracted.missing("found no requestContext.requestId, context.request-id or " + TRACE_HEADER
                + " header in the " + typeName(event) + " event");
    }

    private static Source proxySource(Object event, Object requestContext) {
        if ("2.0".equals(PropertyReader.child(event, "version"))
                || PropertyReader.child(requestContext, "http") != null) {
            return Source.HTTP_API;
        }
        return PropertyReader.child(requestContext, "connectionId") != null ? Source.WEBSOCKET_API : Source.REST_API;
    }

    /** ALB sends no request ID; the trace header's {@code Root} is the ID the load balancer logs too. */
    static Extracted traceHeader(Object headers, Object multiValueHeaders, String where) {
        Object value = headerValue(headers);
        if (value == null) {
            Object values = headerValue(multiValueHeaders);
            value = values instanceof List && !((List<?>) values).isEmpty() ? ((List<?>) values).get(0) : values;
        }
        if (value == null) {
            return Extracted.missing("found no request ID and no " + TRACE_HEADER + " header in " + where);
        }
        Object root = value instanceof String ? traceRoot((String) value) : value;
        return Extracted.of(root, null, Source.ALB_TRACE_HEADER, "the " + TRACE_HEADER + " header of " + where);
    }

    private static Object headerValue(Object headers) {
        if (!(headers instanceof Map)) {
            return null;
        }
        for (Map.Entry<?, ?> header : ((Map<?, ?>) headers).entrySet()) {
            if (header.getKey() instanceof String && TRACE_HEADER.equalsIgnoreCase((String) header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }

    /** {@code Self=1-..;Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1} gives the Root value. */
    static String traceRoot(String header) {
        for (String part : header.split(";", 16)) {
            String trimmed = part.trim();
            if (trimmed.startsWith("Root=")) {
                return trimmed.substring("Root=".length());
            }
        }
        return header.trim();
    }

    /**
     * The first configured pointer whose value is a plausible ID, else the last rejection, else null; a
     * value that is absent, not a string or number, or implausible (client-controlled data) is passed over.
     */
    private static Extracted fromPointers(Object event, List<PointerPath> pointers) {
        Extracted result = null;
        for (PointerPath pointer : pointers) {
            Object node = event;
            for (int i = 0; i < pointer.length() && node != null; i++) {
                node = PropertyReader.child(node, pointer.name(i), pointer.index(i));
            }
            if (node != null) {
                Object id = node instanceof Number ? node.toString() : node;
                Extracted candidate = Extracted.of(id, null, Source.JSON_POINTER, "the event at " + pointer);
                if (candidate.found()) {
                    return candidate;
                }
                result = candidate;
            }
        }
        return result;
    }

    private static Extracted scan(byte[] json, List<PointerPath> pointers) {
        return StreamScanner.scan(new ByteArrayInputStream(json), pointers).ids();
    }

    static String typeName(Object event) {
        return event == null ? "null" : event.getClass().getSimpleName();
    }
}
