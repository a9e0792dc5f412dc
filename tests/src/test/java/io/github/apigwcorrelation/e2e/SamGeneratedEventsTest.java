package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.RequestIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The events the SAM CLI generates ({@code sam local generate-event apigateway ...}) are AWS's own samples
 * of each shape: the library must read the request ID from them as the runtime deserializes them.
 */
@Tag("needs-tools")
class SamGeneratedEventsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "sam local generate-event apigateway {0}")
    @CsvSource({"aws-proxy, REST_API", "http-api-proxy, HTTP_API"})
    void theRequestIdOfEachGeneratedEventIsTheOneTheLibraryReads(String kind, RequestIds.Source source) throws Exception {
        String json = generate(kind);
        JsonNode tree = MAPPER.readTree(json);
        String expected = tree.path("requestContext").path("requestId").asText();
        assertThat(expected).as("sam's sample holds a request ID").isNotBlank();

        Class<?> type = kind.equals("aws-proxy") ? APIGatewayProxyRequestEvent.class : APIGatewayV2HTTPEvent.class;
        Object event = LambdaEventSerializers.serializerFor(type, getClass().getClassLoader()).fromJson(json);

        try (CorrelationScope scope = Correlation.defaults().open(event, new TestContext("sam-events", "lambda-1"))) {
            RequestIds ids = RequestIds.current().orElseThrow();
            assertThat(ids.apiGatewayRequestId()).isEqualTo(expected);
            assertThat(ids.source()).isEqualTo(source);
            assertThat(ids.lambdaRequestId()).isEqualTo("lambda-1");
            JsonNode extended = tree.path("requestContext").path("extendedRequestId");
            if (extended.isTextual()) {
                assertThat(ids.extendedRequestId()).contains(extended.asText());
            }
        }
    }

    private static String generate(String kind) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Tools.sam().toString(), "local", "generate-event", "apigateway", kind)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // Otherwise a first run prints its telemetry notice into the event on stdout.
        builder.environment().put("SAM_CLI_TELEMETRY", "0");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("sam finished").isTrue();
        assertThat(process.exitValue()).as("sam local generate-event apigateway " + kind + ":\n" + out).isZero();
        return out;
    }
}
