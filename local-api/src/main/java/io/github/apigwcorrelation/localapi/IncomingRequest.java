package io.github.apigwcorrelation.localapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One HTTP request as API Gateway sees it, with the request IDs it gives it.
 *
 * @param method the HTTP method
 * @param path the raw path, without query
 * @param rawQuery the raw query string, or empty
 * @param headers header name (as sent) to its values, in order
 * @param body the body bytes
 * @param sourceIp the client's address
 * @param requestId the API Gateway request ID: a UUID on REST APIs, a short base64 ID on HTTP APIs
 * @param extendedRequestId the extended request ID ({@code x-amz-apigw-id})
 * @param received when API Gateway received it
 * @param traceId the X-Ray trace ID ({@code 1-<8 hex>-<24 hex>}): the client's, when well formed
 */
record IncomingRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
        String sourceIp, String requestId, String extendedRequestId, Instant received, String traceId) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A client's trace header is kept only in this shape: anything else could smuggle text into templates. */
    private static final java.util.regex.Pattern CLIENT_TRACE =
            java.util.regex.Pattern.compile("^Root=(1-[0-9a-f]{8}-[0-9a-f]{24})(;[A-Za-z0-9=;-]*)?$");

    /** A fresh extended request ID, shaped like API Gateway's (16 characters of base64). */
    static String shortId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static IncomingRequest of(String method, String path, String rawQuery, Map<String, List<String>> headers,
            byte[] body, String sourceIp, Route.Kind kind) {
        String extended = shortId();
        // HTTP APIs use the short ID as their request ID; REST APIs a UUID.
        String requestId = kind == Route.Kind.REST ? UUID.randomUUID().toString() : extended;
        Instant received = Instant.now();
        IncomingRequest request = new IncomingRequest(method, path, rawQuery == null ? "" : rawQuery, headers, body,
                sourceIp, requestId, extended, received, null);
        String client = request.header("X-Amzn-Trace-Id");
        java.util.regex.Matcher m = client == null ? null : CLIENT_TRACE.matcher(client);
        String traceId = m != null && m.matches() ? m.group(1) : newTraceId(received);
        return new IncomingRequest(request.method(), request.path(), request.rawQuery(), headers, body, sourceIp,
                requestId, extended, received, traceId);
    }

    private static String newTraceId(Instant received) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        StringBuilder hex = new StringBuilder(24);
        for (byte b : random) {
            hex.append(String.format("%02x", b));
        }
        return "1-" + String.format("%08x", received.getEpochSecond()) + "-" + hex;
    }

    String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Query parameters, decoded, each with all its values in order. */
    Map<String, List<String>> query() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    String contentType() {
        String type = header("Content-Type");
        if (type == null) {
            return "application/json"; // what API Gateway assumes for mapping templates
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
