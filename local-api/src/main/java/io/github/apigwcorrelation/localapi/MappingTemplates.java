package io.github.apigwcorrelation.localapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.runtime.RuntimeConstants;

/**
 * API Gateway mapping templates, rendered with Apache Velocity and the variables API Gateway provides:
 * {@code $context} (request and identity fields), {@code $input} ({@code body}, {@code json(path)},
 * {@code path(path)}, {@code params()}, {@code params(name)}), {@code $util} ({@code escapeJavaScript},
 * {@code parseJson}, {@code urlEncode}, {@code urlDecode}, {@code base64Encode}, {@code base64Decode}) and
 * {@code $stageVariables}. JSONPath is the subset templates use: {@code $}, {@code .name},
 * {@code ['name']}, {@code [index]}.
 */
final class MappingTemplates {
    private static final VelocityEngine ENGINE = engine();

    private MappingTemplates() {}

    private static VelocityEngine engine() {
        VelocityEngine engine = new VelocityEngine();
        engine.setProperty(RuntimeConstants.EVENTHANDLER_REFERENCEINSERTION, NullAsEmpty.class.getName());
        engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, false);
        engine.init();
        return engine;
    }

    /** API Gateway prints an absent value as nothing, where Velocity would print the reference itself. */
    public static final class NullAsEmpty implements ReferenceInsertionEventHandler {
        /** Velocity creates it by name. */
        public NullAsEmpty() {}

        @Override
        public Object referenceInsert(Context context, String reference, Object value) {
            return value == null ? "" : value;
        }
    }

    static String render(String name, String template, Map<String, Object> context, Input input) {
        VelocityContext vars = new VelocityContext();
        vars.put("context", context);
        vars.put("input", input);
        vars.put("util", new Util());
        vars.put("stageVariables", Map.of());
        StringWriter out = new StringWriter();
        ENGINE.evaluate(vars, out, name, template);
        return out.toString();
    }

    /** {@code $context} of a request, as nested maps. */
    static Map<String, Object> context(Route route, IncomingRequest request) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", request.sourceIp());
        identity.put("userAgent", request.header("User-Agent"));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("requestId", request.requestId());
        context.put("extendedRequestId", request.extendedRequestId());
        context.put("xrayTraceId", request.traceId());
        context.put("requestTime", Events.REQUEST_TIME.format(request.received()));
        context.put("requestTimeEpoch", request.received().toEpochMilli());
        context.put("apiId", Events.API_ID);
        context.put("accountId", Events.ACCOUNT_ID);
        context.put("stage", route.stage());
        context.put("domainName", "localhost");
        context.put("httpMethod", request.method());
        context.put("path", "/" + route.stage() + request.path());
        context.put("resourceId", Events.resourceId(route));
        context.put("resourcePath", route.path());
        context.put("protocol", "HTTP/1.1");
        context.put("identity", identity);
        context.put("authorizer", Map.of());
        return context;
    }

    /** {@code $input}: the request (or, in a response template, the integration's response). */
    public static final class Input {
        private final String body;
        private final Map<String, Map<String, String>> params;

        Input(String body, Map<String, Map<String, String>> params) {
            this.body = body;
            this.params = params;
        }

        static Input ofRequest(IncomingRequest request, Map<String, String> pathParameters) {
            Map<String, Map<String, String>> params = new LinkedHashMap<>();
            params.put("path", new LinkedHashMap<>(pathParameters));
            Map<String, String> query = new LinkedHashMap<>();
            request.query().forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
            params.put("querystring", query);
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach((name, values) -> headers.put(name, values.get(values.size() - 1)));
            params.put("header", headers);
            return new Input(request.bodyText(), params);
        }

        static Input ofBody(String body) {
            return new Input(body, Map.of("path", Map.of(), "querystring", Map.of(), "header", Map.of()));
        }

        /** The raw payload as a string. */
        public String getBody() {
            return body;
        }

        /** The JSON text at a JSONPath of the payload; an empty payload is {@code {}}. */
        public String json(String path) throws JsonProcessingException {
            JsonNode node = select(path);
            return node.isMissingNode() ? "null" : Events.JSON.writeValueAsString(node);
        }

        /** The value at a JSONPath, as maps, lists and scalars a template can walk. */
        public Object path(String path) throws JsonProcessingException {
            JsonNode node = select(path);
            return node.isMissingNode() || node.isNull() ? null : Events.JSON.convertValue(node, Object.class);
        }

        /** {@code path}, {@code querystring} and {@code header} parameters. */
        public Map<String, Map<String, String>> params() {
            return params;
        }

        /** A parameter by name, looked up in path, query string, then headers. */
        public String params(String name) {
            for (String kind : List.of("path", "querystring", "header")) {
                String value = params.getOrDefault(kind, Map.of()).get(name);
                if (value != null) {
                    return value;
                }
            }
            return "";
        }

        private JsonNode select(String path) throws JsonProcessingException {
            JsonNode root = body == null || body.isBlank() ? Events.JSON.createObjectNode() : Events.JSON.readTree(body);
            return JsonPath.select(root, path);
        }
    }

    /** {@code $util}. */
    public static final class Util {
        /**
         * Escapes for a JavaScript string literal, as API Gateway does (the rules of Apache Commons Lang's
         * {@code escapeJavaScript}): {@code "} {@code \} {@code /} and {@code '} get a backslash, the usual
         * control characters their short escapes, other characters below U+0020 and every one above U+007E
         * except DEL a backslash-u escape of four upper-case hex digits. Like AWS it writes {@code \'}, which JSON rejects:
         * templates that build JSON add {@code .replaceAll("\\'","'")}.
         */
        public String escapeJavaScript(String s) {
            if (s == null) {
                return "";
            }
            StringBuilder out = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\'' -> out.append("\\'");
                    case '\\' -> out.append("\\\\");
                    case '/' -> out.append("\\/");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c > 0x7f) {
                            out.append(String.format("\\u%04X", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }

        /** A JSON string parsed into maps, lists and scalars. */
        public Object parseJson(String json) throws JsonProcessingException {
            return Events.JSON.readValue(json, Object.class);
        }

        public String urlEncode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }

        public String urlDecode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        public String base64Encode(String s) {
            return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }

        public String base64Decode(String s) {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        }
    }

    /** The JSONPath subset mapping templates use. */
    static final class JsonPath {
        private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_$][\\w$-]*)|\\['([^']*)']|\\[\"([^\"]*)\"]|\\[(\\d+)]");

        private JsonPath() {}

        static JsonNode select(JsonNode root, String path) {
            String p = path == null ? "$" : path.trim();
            if (!p.startsWith("$")) {
                throw new IllegalArgumentException("JSONPath must start with $: " + path);
            }
            List<String[]> steps = new ArrayList<>();
            Matcher m = STEP.matcher(p);
            int at = 1;
            while (at < p.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException("unsupported JSONPath " + path + " (supported: $, .name, ['name'], [index])");
                }
                steps.add(new String[] {m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3), m.group(4)});
                at = m.end();
            }
            JsonNode node = root;
            for (String[] step : steps) {
                node = step[1] != null ? node.path(Integer.parseInt(step[1])) : node.path(step[0]);
                if (node.isMissingNode()) {
                    return MissingNode.getInstance();
                }
            }
            return node;
        }
    }
}
