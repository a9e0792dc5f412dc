package io.github.apigwcorrelation.localapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What API Gateway does between the client and the function for one request: build the event (proxy) or
 * render the request template (non-proxy), invoke, and turn the result into the HTTP response, adding
 * the request ID headers.
 */
final class Gateway {
    private final RouteTable table;
    private final Map<String, FunctionRunner> runners;

    /**
     * The HTTP response to send.
     *
     * @param status the status code
     * @param headers response headers
     * @param body the body bytes
     */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {}

    Gateway(RouteTable table, Map<String, FunctionRunner> runners) {
        this.table = table;
        this.runners = runners;
    }

    Reply handle(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp) {
        boolean[] pathExists = new boolean[1];
        RouteTable.Match match = table.match(method, path, pathExists);
        if (match == null) {
            // API Gateway answers an unknown route without invoking anything (REST: 403, HTTP API: 404).
            IncomingRequest request = IncomingRequest.of(method, path, rawQuery, headers, body, sourceIp, Route.Kind.REST);
            return withIds(json(pathExists[0] ? 403 : 404, pathExists[0] ? "{\"message\":\"Missing Authentication Token\"}"
                    : "{\"message\":\"Not Found\"}"), request, Route.Kind.REST);
        }
        Route route = match.route();
        IncomingRequest request = IncomingRequest.of(method, path, rawQuery, headers, body, sourceIp, route.kind());
        Reply reply;
        try {
            reply = route.integration().proxy() ? proxy(route, request, match.pathParameters())
                    : nonProxy(route, request, match.pathParameters());
        } catch (RuntimeException e) {
            System.err.println("local-api: " + route.describe() + ": " + e);
            reply = json(route.kind() == Route.Kind.REST ? 502 : 500, "{\"message\":\"Internal server error\"}");
        }
        return withIds(reply, request, route.kind());
    }

    private Reply proxy(Route route, IncomingRequest request, Map<String, String> params) {
        ObjectNode event = route.kind() == Route.Kind.HTTP_V2 ? Events.httpV2(route, request, params)
                : Events.restProxy(route, request, params);
        FunctionRunner.Result result = runners.get(route.function().logicalId()).invoke(bytes(event));
        if (result.failed()) {
            return route.kind() == Route.Kind.REST ? json(502, "{\"message\": \"Internal server error\"}")
                    : json(500, "{\"message\":\"Internal Server Error\"}");
        }
        JsonNode response = parse(result.payload());
        if (route.kind() == Route.Kind.HTTP_V2 && (response == null || !response.isObject() || !response.has("statusCode"))) {
            // Payload 2.0 infers the format: anything without statusCode is a 200 JSON body.
            return new Reply(200, Map.of("Content-Type", List.of("application/json")), result.payload());
        }
        if (response == null || !response.isObject() || !response.path("statusCode").canConvertToInt()) {
            System.err.println("local-api: " + route.describe() + ": malformed Lambda proxy response: "
                    + new String(result.payload(), StandardCharsets.UTF_8));
            return route.kind() == Route.Kind.REST ? json(502, "{\"message\": \"Internal server error\"}")
                    : json(500, "{\"message\":\"Internal Server Error\"}");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        response.path("multiValueHeaders").fields().forEachRemaining(e -> {
            List<String> values = new java.util.ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            headers.put(e.getKey(), values);
        });
        response.path("cookies").forEach(c -> headers.computeIfAbsent("Set-Cookie", k -> new java.util.ArrayList<>()).add(c.asText()));
        JsonNode bodyNode = response.path("body");
        byte[] body = bodyNode.isMissingNode() || bodyNode.isNull() ? new byte[0]
                : response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(bodyNode.asText())
                : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        return new Reply(response.path("statusCode").asInt(), headers, body);
    }

    private Reply nonProxy(Route route, IncomingRequest request, Map<String, String> params) {
        Integration integration = route.integration();
        String template = integration.requestTemplates().get(request.contentType());
        byte[] event;
        if (template != null) {
            String rendered;
            try {
                rendered = MappingTemplates.render(route.api() + " " + route.method() + " " + route.path(), template,
                        MappingTemplates.context(route, request), MappingTemplates.Input.ofRequest(request, params));
            } catch (RuntimeException e) {
                String unparsable = jsonParseProblem(e);
                if (unparsable == null) {
                    throw e;
                }
                // What API Gateway answers when $input.json/$input.path meet a body that is not JSON.
                ObjectNode message = Events.JSON.createObjectNode();
                message.put("message", "Could not parse request body into json: " + unparsable);
                return new Reply(400, Map.of("Content-Type", List.of("application/json")), bytes(message));
            }
            event = rendered.getBytes(StandardCharsets.UTF_8);
        } else if (integration.passthroughBehavior().equals("when_no_match")
                || (integration.passthroughBehavior().equals("when_no_templates") && integration.requestTemplates().isEmpty())) {
            event = request.body();
        } else {
            return json(415, "{\"message\": \"Unsupported Media Type\"}");
        }
        FunctionRunner.Result result = runners.get(route.function().logicalId()).invoke(event);
        String errorMessage = null;
        if (result.failed()) {
            JsonNode error = parse(result.payload());
            errorMessage = error == null ? "" : error.path("errorMessage").asText("");
        }
        Integration.Response selected = integration.select(errorMessage);
        String responseTemplate = selected.templates().get("application/json");
        byte[] body = result.payload();
        if (responseTemplate != null) {
            String rendered = MappingTemplates.render(route.api() + " response " + selected.statusCode(), responseTemplate,
                    MappingTemplates.context(route, request),
                    MappingTemplates.Input.ofBody(new String(result.payload(), StandardCharsets.UTF_8)));
            body = rendered.getBytes(StandardCharsets.UTF_8);
        }
        return new Reply(selected.statusCode(), Map.of("Content-Type", List.of("application/json")), body);
    }

    /** The headers API Gateway adds to every response: REST APIs name both IDs, HTTP APIs their one. */
    private static Reply withIds(Reply reply, IncomingRequest request, Route.Kind kind) {
        Map<String, List<String>> headers = new LinkedHashMap<>(reply.headers());
        if (kind == Route.Kind.REST) {
            headers.put("x-amzn-RequestId", List.of(request.requestId()));
            headers.put("x-amz-apigw-id", List.of(request.extendedRequestId()));
            headers.put("X-Amzn-Trace-Id", List.of(Events.traceHeader(request)));
        } else {
            headers.put("apigw-requestid", List.of(request.requestId()));
        }
        return new Reply(reply.status(), headers, reply.body());
    }

    private static String jsonParseProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException parse) {
                return parse.getOriginalMessage();
            }
        }
        return null;
    }

    private static Reply json(int status, String body) {
        return new Reply(status, Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Events.JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
