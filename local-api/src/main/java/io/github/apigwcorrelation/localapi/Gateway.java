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
final class Gateway implements HttpFront.Handler {
    /** Lambda's synchronous Invoke request limit, measured on the event ("Request must be smaller than 6291456 bytes"). */
    static final int MAX_EVENT = 6_291_456;
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

    @Override
    public Reply handle(HttpFront.Request http) {
        return handle(http.method(), http.rawPath(), http.rawQuery(), http.headers(), http.body(), http.sourceIp());
    }

    @Override
    public Reply refuse(HttpFront.Refusal refusal, String method, String rawPath) {
        Route.Kind kind = rawPath == null ? table.defaultKind() : table.kindFor(rawPath);
        IncomingRequest request = IncomingRequest.of(method == null ? "GET" : method, rawPath == null ? "/" : rawPath, null,
                Map.of(), new byte[0], "127.0.0.1", kind);
        Reply reply = switch (refusal) {
            // AWS documents the quota (request line and header values, 10,240 bytes) but not the status: 431 says what it is.
            case HEADERS_TOO_LARGE -> json(431, "{\"message\":\"Request Header Fields Too Large\"}");
            case BODY_TOO_LARGE -> tooLarge(kind);
            case MALFORMED -> json(400, "{\"message\":\"Bad Request\"}");
        };
        return withIds(reply, request, kind);
    }

    Reply handle(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp) {
        boolean[] pathExists = new boolean[1];
        RouteTable.Match match = table.match(method, path, pathExists);
        if (match == null) {
            // API Gateway answers an unknown route without invoking anything: a REST API as if the caller had not
            // signed (403 Missing Authentication Token), an HTTP API 404.
            Route.Kind kind = table.kindFor(path);
            IncomingRequest request = IncomingRequest.of(method, path, rawQuery, headers, body, sourceIp, kind);
            Reply reply = kind == Route.Kind.REST
                    ? new Reply(403, Map.of("Content-Type", List.of("application/json"),
                            "x-amzn-ErrorType", List.of("MissingAuthenticationTokenException")),
                            "{\"message\":\"Missing Authentication Token\"}".getBytes(StandardCharsets.UTF_8))
                    : json(404, "{\"message\":\"Not Found\"}");
            return withIds(reply, request, kind);
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
        byte[] payload = bytes(event);
        if (payload.length > MAX_EVENT) {
            return tooLarge(route.kind());
        }
        FunctionRunner.Result result = invoke(route, request, payload);
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
        response.path("headers").properties().forEach(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        response.path("multiValueHeaders").properties().forEach(e -> {
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
        if (event.length > MAX_EVENT) {
            return tooLarge(route.kind());
        }
        FunctionRunner.Result result = invoke(route, request, event);
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

    private FunctionRunner.Result invoke(Route route, IncomingRequest request, byte[] event) {
        return runners.get(route.function().logicalId())
                .invoke(new FunctionRunner.Call(event, request.requestId(), request.traceId()));
    }

    /**
     * An event over Lambda's limit never reaches the function. A REST API answers 413 {@code Request Too Long}
     * with {@code x-amzn-ErrorType: BadRequestException} (seen on a deployed API); for HTTP APIs AWS documents
     * nothing, and this answers 413 in their message style.
     */
    private static Reply tooLarge(Route.Kind kind) {
        return kind == Route.Kind.REST
                ? new Reply(413, Map.of("Content-Type", List.of("application/json"), "x-amzn-ErrorType",
                        List.of("BadRequestException")), "{\"message\": \"Request Too Long\"}".getBytes(StandardCharsets.UTF_8))
                : json(413, "{\"message\":\"Request Entity Too Large\"}");
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
