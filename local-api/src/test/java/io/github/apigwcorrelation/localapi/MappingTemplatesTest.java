package io.github.apigwcorrelation.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample template's non-proxy route, rendered as API Gateway would render it. */
class MappingTemplatesTest {
    private static Route createOrderRoute() throws Exception {
        SamTemplate template = SamTemplate.read(Path.of("../template.yaml"));
        return template.routes().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/orders"))
                .findFirst().orElseThrow();
    }

    @Test
    void theRequestTemplateCarriesTheRequestIdsBodyAndEscapedHeaders() throws Exception {
        Route route = createOrderRoute();
        IncomingRequest request = IncomingRequest.of("POST", "/orders", "a=1&b=x%20y",
                Map.of("Content-Type", List.of("application/json"), "User-Agent", List.of("it's \"quoted\"\n")),
                "{\"item\":\"tea\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8), "127.0.0.1", Route.Kind.REST);

        String rendered = MappingTemplates.render("t", route.integration().requestTemplates().get("application/json"),
                MappingTemplates.context(route, request), MappingTemplates.Input.ofRequest(request, Map.of()));
        JsonNode event = Events.JSON.readTree(rendered);

        assertThat(event.path("context").path("request-id").asText()).isEqualTo(request.requestId());
        assertThat(event.path("context").path("extended-request-id").asText()).isEqualTo(request.extendedRequestId());
        assertThat(event.path("context").path("resource-path").asText()).isEqualTo("/orders");
        assertThat(event.path("context").path("stage").asText()).isEqualTo("dev");
        assertThat(event.path("context").path("user-agent").asText()).isEqualTo("it's \"quoted\"\n");
        assertThat(event.path("context").path("authorizer-principal-id").asText()).isEmpty();
        assertThat(event.path("body-json").path("quantity").asInt()).isEqualTo(3);
        assertThat(event.path("params").path("querystring").path("b").asText()).isEqualTo("x y");
        assertThat(event.path("params").path("header").path("User-Agent").asText()).isEqualTo("it's \"quoted\"\n");
    }

    @Test
    void anErrorMessageSelectsTheResponseAndItsTemplateSeesTheError() throws Exception {
        Route route = createOrderRoute();
        IncomingRequest request = IncomingRequest.of("POST", "/orders", "", Map.of(), new byte[0], "127.0.0.1", Route.Kind.REST);

        Integration.Response invalid = route.integration().select("Invalid order: no item\nsecond line");
        Integration.Response other = route.integration().select("java.lang.NullPointerException");
        Integration.Response success = route.integration().select(null);

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(other.statusCode()).isEqualTo(500);
        assertThat(success.statusCode()).isEqualTo(201);
        String body = MappingTemplates.render("r", invalid.templates().get("application/json"), MappingTemplates.context(route, request),
                MappingTemplates.Input.ofBody("{\"errorMessage\":\"Invalid order: no item\",\"errorType\":\"x\"}"));
        JsonNode json = Events.JSON.readTree(body);
        assertThat(json.path("message").asText()).isEqualTo("Invalid order: no item");
        assertThat(json.path("requestId").asText()).isEqualTo(request.requestId());
    }

    /** Names and values a client chooses, each able to break out of a JSON string or forge a key. */
    static final List<String> HOSTILE = List.of("a\"b", "}", ",\"request-id\":\"FORGED\",\"x\":\"", "back\\slash\\",
            "it's", "\\'", "ctl\u0000\u0001\u001b[2K\u007f\u0085\u009b\r\n\t", "\u2028\u2029", "caf\u00e9 \u20ac \uD83D\uDE00",
            "/</script>", "\"}},\"context\":{\"request-id\":\"FORGED\"}}");

    @Test
    void hostileQueryAndHeaderNamesAndValuesRenderValidJsonAndCannotChooseTheIds() throws Exception {
        Route route = createOrderRoute();
        StringBuilder query = new StringBuilder();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            query.append(query.length() == 0 ? "" : "&").append(URLEncoder.encode(text + i, StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(text, StandardCharsets.UTF_8));
            // Header names are HTTP tokens; values may hold anything but CR, LF and NUL.
            headers.put("X-Name'" + i + "|`~", List.of(text.replaceAll("[\\r\\n\\x00]", "")));
        }
        IncomingRequest request = IncomingRequest.of("POST", "/orders", query.toString(), headers,
                "{\"item\":\"tea\"}".getBytes(StandardCharsets.UTF_8), "127.0.0.1", Route.Kind.REST);

        String rendered = MappingTemplates.render("t", route.integration().requestTemplates().get("application/json"),
                MappingTemplates.context(route, request), MappingTemplates.Input.ofRequest(request, Map.of()));
        // Strict: a duplicate key anywhere (a second "request-id", a second "context") fails the parse.
        JsonNode event = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(rendered);

        assertThat(event.path("context").path("request-id").asText()).isEqualTo(request.requestId());
        assertThat(event.path("context").path("extended-request-id").asText()).isEqualTo(request.extendedRequestId());
        assertThat(event.size()).as("top-level keys: " + rendered).isEqualTo(4);
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            assertThat(event.path("params").path("querystring").path(text + i).asText()).isEqualTo(text);
            assertThat(event.path("params").path("header").path("X-Name'" + i + "|`~").asText())
                    .isEqualTo(text.replaceAll("[\\r\\n\\x00]", ""));
        }
    }

    @Test
    void escapeJavaScriptWritesWhatApiGatewayWrites() {
        MappingTemplates.Util util = new MappingTemplates.Util();
        assertThat(util.escapeJavaScript("a\"b'c\\d/e")).isEqualTo("a\\\"b\\'c\\\\d\\/e");
        assertThat(util.escapeJavaScript("\b\f\n\r\t\u0000\u001b\u007f\u0085\u00e9\u20ac\uD83D\uDE00"))
                .isEqualTo("\\b\\f\\n\\r\\t\\u0000\\u001B\u007f\\u0085\\u00E9\\u20AC\\uD83D\\uDE00");
        assertThat(util.escapeJavaScript(null)).isEmpty();
    }
}
