package io.github.apigwcorrelation.internal.extract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.AppSyncLambdaAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Event to IDs for every event shape the library knows. Typed events from {@code aws-lambda-java-events} are
 * read through their getters; {@code Map}s and user POJOs are walked by name; strings and bytes are read into
 * the {@code Map} the runtime would build ({@link JsonEventReader}) and walked the same way, so every reader
 * answers alike. Never throws: whatever goes wrong becomes {@link Extracted#missing(String)}.
 *
 * <p>Only an event recognisably from API Gateway yields an API Gateway ID: its {@code requestContext} has an
 * {@code apiId}, and nothing of the other services that also write a {@code requestContext.requestId} (Lambda
 * function URLs, asynchronous invocation records, VPC Lattice). ALB events yield the X-Ray {@code Root} of
 * their trace header, and only ALB events do.
 */
public final class EventExtractor {
    static final String TRACE_HEADER = "X-Amzn-Trace-Id";
    /** The {@code requestContext} fields read: the IDs, and those that tell which service wrote it. */
    static final String[] REQUEST_CONTEXT_FIELDS = {"requestId", "extendedRequestId", "apiId", "domainName",
        "http", "connectionId", "elb", "functionArn", "condition", "serviceNetworkArn", "serviceArn", "queryString"};

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

    /**
     * @param json a JSON event, as a string handler or a stream handler receives it
     * @param length how many bytes of {@code json} hold the event
     * @param pointers user-configured paths, tried before the built-in sources
     * @return the IDs, or why there are none; never throws
     */
    static Extracted fromJson(byte[] json, int length, List<PointerPath> pointers) {
        try {
            JsonEventReader.Result read = JsonEventReader.read(json, length, pointers);
            return read.problem != null ? Extracted.missing(read.problem) : fromObject(read.event, pointers, "JSON");
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return Extracted.missing("reading the JSON event failed with " + e.getClass().getName());
        }
    }

    private static Extracted extractUnsafe(Object event, List<PointerPath> pointers) {
        if (event == null) {
            return Extracted.missing("the event is null");
        }
        if (event instanceof CharSequence) {
            byte[] json = event.toString().getBytes(StandardCharsets.UTF_8);
            return fromJson(json, json.length, pointers);
        }
        if (event instanceof byte[]) {
            return fromJson((byte[]) event, ((byte[]) event).length, pointers);
        }
        if (event instanceof InputStream) {
            return Extracted.missing("the event is an InputStream: use CorrelatedStreamHandler or "
                    + "Correlation.wrap(RequestStreamHandler), which read it and replay its bytes");
        }
        return fromObject(event, pointers, typeName(event));
    }

    private static Extracted fromObject(Object event, List<PointerPath> pointers, String eventName) {
        Extracted byPointer = pointers.isEmpty() ? null : fromPointers(event, pointers);
        Extracted ids = Extracted.pointerOrBuiltIn(byPointer, () -> builtIn(event, eventName));
        return ids.withOrigin(Origins.header(event), "the " + Origins.HEADER + " header");
    }

    private static Extracted builtIn(Object event, String eventName) {
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
            if (alb.getRequestContext() == null || alb.getRequestContext().getElb() == null) {
                return Extracted.missing("the ALB event has no requestContext.elb");
            }
            return albTraceHeader(alb.getHeaders(), alb.getMultiValueHeaders());
        }
        if (event instanceof APIGatewayCustomAuthorizerEvent) {
            APIGatewayCustomAuthorizerEvent.RequestContext context =
                    ((APIGatewayCustomAuthorizerEvent) event).getRequestContext();
            // One class for REST authorizers and HTTP API payload 1.0 authorizers, told apart by "version".
            if (context == null) {
                return Extracted.missing("the REST API authorizer event has no requestContext (a TOKEN authorizer "
                        + "receives no request ID)");
            }
            APIGatewayCustomAuthorizerEvent authorizer = (APIGatewayCustomAuthorizerEvent) event;
            return fromRequestContext(context.getRequestId(), null, context.getApiId(), null,
                    httpApiVersion(authorizer.getVersion()) ? Source.HTTP_API : Source.REST_API,
                    "the API Gateway authorizer event");
        }
        if (event instanceof AppSyncLambdaAuthorizerEvent) {
            return notApiGateway("an AWS AppSync authorizer request");
        }
        return generic(event, eventName);
    }

    private static Extracted restApi(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        if (context == null) {
            return Extracted.missing("the REST API event has no requestContext");
        }
        // One class for REST API events and HTTP API payload 1.0 events, told apart by "version".
        Source source = httpApiVersion(event.getVersion()) ? Source.HTTP_API : Source.REST_API;
        return fromRequestContext(context.getRequestId(), context.getExtendedRequestId(), context.getApiId(),
                context.getDomainName(), source, "the REST API event");
    }

    private static Extracted httpApi(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null) {
            return Extracted.missing("the HTTP API event has no requestContext");
        }
        return fromRequestContext(context.getRequestId(), null, context.getApiId(), context.getDomainName(),
                Source.HTTP_API, "the HTTP API event");
    }

    private static Extracted webSocket(APIGatewayV2WebSocketEvent event) {
        APIGatewayV2WebSocketEvent.RequestContext context = event.getRequestContext();
        if (context == null) {
            return Extracted.missing("the WebSocket event has no requestContext");
        }
        return fromRequestContext(context.getRequestId(), context.getExtendedRequestId(), context.getApiId(),
                context.getDomainName(), Source.WEBSOCKET_API, "the WebSocket event");
    }

    /**
     * The IDs of a {@code requestContext} that API Gateway wrote, which has an {@code apiId}; a Lambda function
     * URL writes one too, on a {@code *.lambda-url.*.on.aws} domain, and is refused.
     */
    private static Extracted fromRequestContext(Object requestId, Object extendedRequestId, Object apiId,
            Object domainName, Source source, String eventName) {
        if (isFunctionUrlDomain(domainName)) {
            return notApiGateway("a Lambda function URL event");
        }
        if (!(apiId instanceof String) || ((String) apiId).isEmpty()) {
            return Extracted.missing("the requestContext of " + eventName + " has no apiId, so it is not from "
                    + "API Gateway");
        }
        return Extracted.of(requestId, extendedRequestId, source, "requestContext.requestId of " + eventName,
                "requestContext.extendedRequestId of " + eventName);
    }

    /** A {@code Map} (what the runtime gives a {@code Map} input) or a user POJO, read by property names. */
    private static Extracted generic(Object event, String eventName) {
        Object requestContext = PropertyReader.child(event, "requestContext");
        if (isObject(requestContext)) {
            Extracted fromContext = fromGenericRequestContext(event, requestContext, eventName);
            if (fromContext != null) {
                return fromContext;
            }
        }
        Object templateContext = PropertyReader.child(event, "context");
        if (isObject(templateContext)) {
            Object requestId = PropertyReader.child(templateContext, "request-id");
            if (requestId != null) {
                return Extracted.of(requestId, PropertyReader.child(templateContext, "extended-request-id"),
                        Source.MAPPING_TEMPLATE, "context.request-id of the mapping template",
                        "context.extended-request-id of the mapping template");
            }
        }
        if (isObject(requestContext)) {
            return Extracted.missing("the requestContext of the " + eventName + " event has no apiId, so it is "
                    + "not from API Gateway, and it has no context.request-id of a mapping template");
        }
        return Extracted.missing("found no requestContext.requestId or context.request-id in the " + eventName
                + " event");
    }

    /** @return the answer for a {@code requestContext} some service wrote, or null when none is recognised */
    private static Extracted fromGenericRequestContext(Object event, Object requestContext, String eventName) {
        if (PropertyReader.child(requestContext, "elb") != null) {
            return albTraceHeader(PropertyReader.child(event, "headers"),
                    PropertyReader.child(event, "multiValueHeaders"));
        }
        if (PropertyReader.child(requestContext, "functionArn") != null
                || PropertyReader.child(requestContext, "condition") != null) {
            return notApiGateway("a Lambda asynchronous invocation record (destination)");
        }
        if (PropertyReader.child(requestContext, "serviceNetworkArn") != null
                || PropertyReader.child(requestContext, "serviceArn") != null) {
            return notApiGateway("a VPC Lattice event");
        }
        if (PropertyReader.child(requestContext, "queryString") != null) {
            return notApiGateway("an AWS AppSync authorizer request");
        }
        Object apiId = PropertyReader.child(requestContext, "apiId");
        Object domainName = PropertyReader.child(requestContext, "domainName");
        if (apiId == null && !isFunctionUrlDomain(domainName)) {
            return null;
        }
        return fromRequestContext(PropertyReader.child(requestContext, "requestId"),
                PropertyReader.child(requestContext, "extendedRequestId"), apiId, domainName,
                genericSource(event, requestContext), "the " + eventName + " event");
    }

    private static Source genericSource(Object event, Object requestContext) {
        if (httpApiVersion(PropertyReader.child(event, "version"))
                || PropertyReader.child(requestContext, "http") != null) {
            return Source.HTTP_API;
        }
        return PropertyReader.child(requestContext, "connectionId") != null ? Source.WEBSOCKET_API : Source.REST_API;
    }

    /**
     * HTTP API events and authorizer requests carry a top-level {@code version} ("1.0" or "2.0", the payload
     * format); REST API events have none.
     */
    private static boolean httpApiVersion(Object version) {
        return "2.0".equals(version) || "1.0".equals(version);
    }

    private static Extracted notApiGateway(String what) {
        return Extracted.missing("the event is " + what + ", not an API Gateway event: it has no API Gateway "
                + "request ID");
    }

    /** {@code <url-id>.lambda-url.<region>.on.aws} is the only domain a function URL event can carry. */
    private static boolean isFunctionUrlDomain(Object domainName) {
        return domainName instanceof String && ((String) domainName).contains(".lambda-url.")
                && ((String) domainName).endsWith(".on.aws");
    }

    /** A JSON object as the runtime gives it (a {@code Map}) or as a user POJO; not a scalar or a list. */
    private static boolean isObject(Object node) {
        return node != null && !(node instanceof CharSequence) && !(node instanceof Number)
                && !(node instanceof Boolean) && !(node instanceof List);
    }

    /**
     * ALB sends no request ID; the {@code Root} of its trace header is the ID the load balancer and X-Ray log.
     * A client may have sent that header, so only one well-formed value is used: two headers or values are
     * ambiguous, and anything that is not an X-Ray {@code Root=1-<8 hex>-<24 hex>} is refused.
     */
    static Extracted albTraceHeader(Object headers, Object multiValueHeaders) {
        List<Object> values = new ArrayList<>(2);
        traceHeaderValues(headers, false, values);
        if (values.isEmpty()) {
            traceHeaderValues(multiValueHeaders, true, values);
        }
        if (values.isEmpty()) {
            return Extracted.missing("the ALB event has no " + TRACE_HEADER + " header");
        }
        if (values.size() > 1) {
            return Extracted.missing("the ALB event has " + values.size() + " " + TRACE_HEADER
                    + " header values, which is ambiguous");
        }
        Object value = values.get(0);
        String where = "the " + TRACE_HEADER + " header of the ALB event";
        if (!(value instanceof String)) {
            return Extracted.of(value, null, Source.ALB_TRACE_HEADER, where);
        }
        String root = xrayRoot((String) value);
        if (root == null) {
            return Extracted.missing("ignored " + where + ": it has no X-Ray Root=1-<8 hex digits>-<24 hex digits>");
        }
        return Extracted.of(root, null, Source.ALB_TRACE_HEADER, where);
    }

    private static void traceHeaderValues(Object headers, boolean multiValue, List<Object> values) {
        if (!(headers instanceof Map)) {
            return;
        }
        for (Map.Entry<?, ?> header : ((Map<?, ?>) headers).entrySet()) {
            if (isTraceHeader(header.getKey())) {
                if (multiValue && header.getValue() instanceof List) {
                    values.addAll((List<?>) header.getValue());
                } else {
                    values.add(header.getValue());
                }
            }
        }
    }

    static boolean isTraceHeader(Object name) {
        return name instanceof String && TRACE_HEADER.equalsIgnoreCase((String) name);
    }

    /**
     * @param header an X-Ray trace header such as {@code Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1}
     * @return its one X-Ray shaped {@code Root}, or null; never throws
     */
    public static String xrayRootOrNull(String header) {
        try {
            return xrayRoot(header);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return the one {@code Root} of an X-Ray trace header, or null when there is none, or several */
    static String xrayRoot(String header) {
        String root = null;
        for (String part : header.split(";", 32)) {
            String trimmed = part.trim();
            if (trimmed.startsWith("Root=")) {
                if (root != null) {
                    return null;
                }
                root = trimmed.substring("Root=".length());
            }
        }
        return root != null && isXrayTraceId(root) ? root : null;
    }

    /** {@code 1-5759e988-bd862e3fe1be46a994272793}: version 1, 8 hex digits of time, 24 hex digits of random. */
    private static boolean isXrayTraceId(String id) {
        if (id.length() != 35 || id.charAt(0) != '1' || id.charAt(1) != '-' || id.charAt(10) != '-') {
            return false;
        }
        for (int i = 2; i < id.length(); i++) {
            if (i != 10 && Character.digit(id.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first configured pointer whose value is a plausible ID, else the last rejection, else null. A value
     * that is absent, not a string, or implausible (client-controlled data) is passed over: numbers are refused
     * because readers would print them differently ({@code 1e2} is {@code 100.0} in a {@code Map}).
     */
    private static Extracted fromPointers(Object event, List<PointerPath> pointers) {
        Extracted result = null;
        for (PointerPath pointer : pointers) {
            Object node = event;
            for (int i = 0; i < pointer.length() && node != null; i++) {
                node = PropertyReader.child(node, pointer.name(i), pointer.index(i));
            }
            if (node != null) {
                Extracted candidate = Extracted.of(node, null, Source.JSON_POINTER, "the event at " + pointer);
                if (candidate.found()) {
                    return candidate;
                }
                result = candidate;
            }
        }
        return result;
    }

    static String typeName(Object event) {
        return event == null ? "null" : event.getClass().getSimpleName();
    }
}
