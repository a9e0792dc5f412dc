package io.github.apigwcorrelation.localapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The events API Gateway sends to a Lambda proxy integration: REST (v1) and HTTP API (2.0 and 1.0). */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();
    /** API Gateway's {@code requestTime}: {@code 21/Nov/2026:20:15:00 +0000}. */
    static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    static final String ACCOUNT_ID = "123456789012";
    static final String API_ID = "local";

    private Events() {}

    static String traceHeader(IncomingRequest request) {
        return "Root=" + request.traceId();
    }

    /** REST API proxy event (v1); HTTP API payload 1.0 is the same shape plus {@code version}. */
    static ObjectNode restProxy(Route route, IncomingRequest request, Map<String, String> pathParameters) {
        ObjectNode event = JSON.createObjectNode();
        if (route.kind() == Route.Kind.HTTP_V1) {
            event.put("version", "1.0");
        }
        event.put("resource", route.path());
        event.put("path", request.path());
        event.put("httpMethod", request.method());
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("X-Amzn-Trace-Id")) {
                headers.put(name, values.get(values.size() - 1));
                values.forEach(multiHeaders.putArray(name)::add);
            }
        });
        headers.put("X-Amzn-Trace-Id", traceHeader(request));
        multiHeaders.putArray("X-Amzn-Trace-Id").add(traceHeader(request));
        Map<String, List<String>> query = request.query();
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.get(values.size() - 1));
                values.forEach(multi.putArray(name)::add);
            });
        }
        if (pathParameters.isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode params = event.putObject("pathParameters");
            pathParameters.forEach(params::put);
        }
        event.putNull("stageVariables");

        ObjectNode context = event.putObject("requestContext");
        context.put("resourceId", resourceId(route));
        context.put("resourcePath", route.path());
        context.put("httpMethod", request.method());
        context.put("extendedRequestId", request.extendedRequestId());
        context.put("requestTime", REQUEST_TIME.format(request.received()));
        context.put("path", "/" + route.stage() + request.path());
        context.put("accountId", ACCOUNT_ID);
        context.put("protocol", "HTTP/1.1");
        context.put("stage", route.stage());
        context.put("domainPrefix", "localhost");
        context.put("requestTimeEpoch", request.received().toEpochMilli());
        context.put("requestId", request.requestId());
        ObjectNode identity = context.putObject("identity");
        for (String absent : List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "apiKey",
                "principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider",
                "userArn", "user")) {
            identity.putNull(absent);
        }
        identity.put("sourceIp", request.sourceIp());
        identity.put("userAgent", request.header("User-Agent"));
        context.put("domainName", "localhost");
        context.put("deploymentId", "local");
        context.put("apiId", API_ID);
        putBody(event, request);
        return event;
    }

    /** HTTP API event, payload format 2.0. */
    static ObjectNode httpV2(Route route, IncomingRequest request, Map<String, String> pathParameters) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        String routeKey = route.method().equals("ANY") ? "ANY " + route.path() : route.method() + " " + route.path();
        event.put("routeKey", routeKey);
        event.put("rawPath", request.path());
        event.put("rawQueryString", request.rawQuery());
        ObjectNode headers = event.putObject("headers");
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("x-amzn-trace-id")) {
                return; // replaced below by the validated one
            }
            if (lower.equals("cookie")) {
                values.forEach(cookieHeader -> {
                    for (String cookie : cookieHeader.split(";\\s*")) {
                        if (!cookie.isBlank()) {
                            (event.has("cookies") ? (com.fasterxml.jackson.databind.node.ArrayNode) event.get("cookies")
                                    : event.putArray("cookies")).add(cookie);
                        }
                    }
                });
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        headers.put("x-amzn-trace-id", traceHeader(request));
        Map<String, List<String>> query = request.query();
        if (!query.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            query.forEach((name, values) -> params.put(name, String.join(",", values)));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", ACCOUNT_ID);
        context.put("apiId", API_ID);
        context.put("domainName", "localhost");
        context.put("domainPrefix", "localhost");
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.path());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.header("User-Agent"));
        context.put("requestId", request.requestId());
        context.put("routeKey", routeKey);
        context.put("stage", route.stage());
        context.put("time", REQUEST_TIME.format(request.received()));
        context.put("timeEpoch", request.received().toEpochMilli());
        if (!pathParameters.isEmpty()) {
            ObjectNode params = event.putObject("pathParameters");
            pathParameters.forEach(params::put);
        }
        putBody(event, request);
        return event;
    }

    private static void putBody(ObjectNode event, IncomingRequest request) {
        if (request.body().length == 0) {
            if (!event.has("version") || !"2.0".equals(event.get("version").asText())) {
                event.putNull("body");
            }
            event.put("isBase64Encoded", false);
            return;
        }
        String text = new String(request.body(), StandardCharsets.UTF_8);
        boolean binary = !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), request.body());
        event.put("body", binary ? Base64.getEncoder().encodeToString(request.body()) : text);
        event.put("isBase64Encoded", binary);
    }

    /** A stable resource ID per path, shaped like API Gateway's (6 lowercase characters). */
    static String resourceId(Route route) {
        String hash = Integer.toString(Math.abs((route.api() + route.path()).hashCode()), 36);
        return (hash + "000000").substring(0, 6);
    }
}
