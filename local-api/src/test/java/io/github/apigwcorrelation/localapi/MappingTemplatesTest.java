package io.github.apigwcorrelation.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
}
