package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apigwcorrelation.localapi.LocalApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local API on the sample's {@code template.yaml}, driven over HTTP: every response names the API
 * Gateway request ID that every log line of that request carries. Each test runs on both builds of the sample,
 * through their routes ({@code /orders...} on Log4j2, {@code /logback/orders...} on Logback).
 */
@ExtendWith(LambdaOutput.Capture.class)
class LocalApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern START = Pattern.compile("^START RequestId: (\\S+) Version: \\$LATEST$");
    private static final Pattern JSON_START = Pattern.compile("^\\{\"time\":\"[^\"]+\",\"type\":\"platform\\.start\",\"record\":\\{\"requestId\":\"([^\"]+)\".*");
    private static final Pattern END = Pattern.compile("^END RequestId: (\\S+)$");
    private static final Pattern REPORT = Pattern.compile("^REPORT RequestId: (\\S+)\\tDuration: .*");
    private static final Pattern JSON_REPORT = Pattern.compile("^\\{\"time\":\"[^\"]+\",\"type\":\"platform\\.report\",\"record\":\\{\"requestId\":\"([^\"]+)\".*");

    private static LocalApi api;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        LambdaOutput.install();
        // A build folder that does not exist: the code under test is sample-function/target, never an older sam build.
        api = LocalApi.start(new LocalApi.Options(SampleRoutes.repoRoot().resolve("template.yaml"), 0,
                java.nio.file.Path.of("target/no-sam-build"), null, null, LogLine.JSON ? "JSON" : "Text",
                // No consumer: its lines would come after a POST /orders, into another test's capture (LocalApiChainTest has them).
                0, null, false));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One invocation as printed: Lambda's request ID from START, and the lines up to END, parsed. */
    record Printed(String lambdaId, List<LogLine> lines, boolean reported) {}

    /** Splits sequential output at START/END; every line in between must parse in the run's format. */
    private static List<Printed> invocations(List<String> output) {
        List<Printed> result = new ArrayList<>();
        String open = null;
        List<LogLine> lines = null;
        for (String raw : output) {
            Matcher start = (LogLine.JSON ? JSON_START : START).matcher(raw);
            Matcher report = (LogLine.JSON ? JSON_REPORT : REPORT).matcher(raw);
            Matcher end = END.matcher(raw);
            if (start.matches()) {
                assertThat(open).as("START inside an invocation: " + raw).isNull();
                open = start.group(1);
                lines = new ArrayList<>();
            } else if (!LogLine.JSON && end.matches()) {
                assertThat(end.group(1)).isEqualTo(open);
            } else if (report.matches()) {
                assertThat(report.group(1)).isEqualTo(open);
                result.add(new Printed(open, lines, true));
                open = null;
            } else {
                assertThat(open).as("a line outside any invocation: " + raw).isNotNull();
                lines.add(LogLine.parse(raw));
            }
        }
        assertThat(open).as("an invocation without REPORT").isNull();
        return result;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRequestIdHeaderOfEachResponseIsTheApiGatewayIdOnEveryLineOfItsRequest(Backend backend) throws Exception {
        HttpResponse<String> get = send("GET", backend.route("/orders/42"), null, null);
        List<Printed> getLines = invocations(LambdaOutput.drain());
        HttpResponse<String> list = send("GET", backend.route("/orders?status=open"), null, null);
        List<Printed> listLines = invocations(LambdaOutput.drain());

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(get.body()).path("orderId").asText()).isEqualTo("42");
        String restId = get.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(restId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(get.headers().firstValue("x-amz-apigw-id")).hasValueSatisfying(id -> assertThat(id).hasSize(16));
        assertThat(getLines).singleElement().satisfies(invocation -> {
            assertThat(invocation.lines()).as("first line, handler, service, worker").hasSize(4);
            invocation.lines().forEach(line -> SampleApiCorrelationTest.assertIds(line, invocation.lambdaId(), restId));
        });

        // HTTP APIs answer with apigw-requestid, their only request ID.
        assertThat(list.statusCode()).isEqualTo(200);
        String httpId = list.headers().firstValue("apigw-requestid").orElseThrow();
        assertThat(list.headers().firstValue("x-amzn-RequestId")).isEmpty();
        assertThat(listLines).singleElement().satisfies(invocation -> {
            assertThat(invocation.lines()).hasSize(4);
            invocation.lines().forEach(line -> SampleApiCorrelationTest.assertIds(line, invocation.lambdaId(), httpId));
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theNonProxyRouteGetsContextRequestIdFromItsRenderedTemplate(Backend backend) throws Exception {
        HttpResponse<String> created = send("POST", backend.route("/orders"), "application/json", "{\"item\":\"tea\",\"quantity\":3}");
        List<Printed> printed = invocations(LambdaOutput.drain());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(MAPPER.readTree(created.body()).path("item").asText()).isEqualTo("tea");
        String requestId = created.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(printed).singleElement().satisfies(invocation -> {
            // The Log4j2 build also sends the order to fulfilment, and logs the message ID.
            assertThat(invocation.lines()).hasSize(backend == Backend.LOG4J2 ? 6 : 5);
            invocation.lines().forEach(line -> SampleApiCorrelationTest.assertIds(line, invocation.lambdaId(), requestId));
            if (LogLine.JSON) {
                // The extended ID exists only in the template's context.extended-request-id.
                JsonNode first = MAPPER.readTree(invocation.lines().get(0).raw());
                assertThat(first.path("ApiGatewayExtendedRequestId").asText())
                        .isEqualTo(created.headers().firstValue("x-amz-apigw-id").orElseThrow());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void functionErrorsBecomeApiGatewayErrorsThatStillNameTheRequest(Backend backend) throws Exception {
        HttpResponse<String> proxyFailure = send("GET", backend.route("/orders/fail"), null, null);
        List<Printed> proxyLines = invocations(LambdaOutput.drain());
        HttpResponse<String> invalid = send("POST", backend.route("/orders"), "application/json", "{\"item\":5}");
        List<Printed> invalidLines = invocations(LambdaOutput.drain());
        HttpResponse<String> unsupported = send("POST", backend.route("/orders"), "text/plain", "tea");

        assertThat(proxyFailure.statusCode()).isEqualTo(502);
        assertThat(proxyFailure.body()).isEqualTo("{\"message\": \"Internal server error\"}");
        String failedId = proxyFailure.headers().firstValue("x-amzn-RequestId").orElseThrow();
        // Every line parses, the runtime's report of the unhandled exception too: one record (one line, one JSON
        // object) with both IDs, after the library's own ERROR line.
        assertThat(proxyLines).singleElement().satisfies(invocation -> {
            assertThat(invocation.lines()).filteredOn(line -> line.level().equals("ERROR")).hasSize(2)
                    .last().satisfies(line -> assertThat(line.raw()).contains("java.lang.IllegalStateException")
                            .contains("at com.example.orders.OrderService.find"));
            invocation.lines().forEach(line -> SampleApiCorrelationTest.assertIds(line, invocation.lambdaId(), failedId));
        });

        // The integration response "^Invalid order..." renders its template with $context.requestId.
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode body = MAPPER.readTree(invalid.body());
        String invalidId = invalid.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(body.path("message").asText()).startsWith("Invalid order");
        assertThat(body.path("requestId").asText()).isEqualTo(invalidId);
        assertThat(invalidLines).singleElement().satisfies(invocation ->
                invocation.lines().forEach(line -> SampleApiCorrelationTest.assertIds(line, invocation.lambdaId(), invalidId)));

        // passthroughBehavior: never, and no template for text/plain: API Gateway refuses, the function never runs.
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat(LambdaOutput.drain()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aClientTraceHeaderCannotChooseTheLoggedRequestId(Backend backend) throws Exception {
        HttpRequest forged = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + backend.route("/orders")))
                .header("Content-Type", "application/json")
                .header("X-Amzn-Trace-Id", "Root=1-5f0a0000-000000000000000000000000\", \"request-id\": \"FORGED-ID")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\"}")).build();
        HttpResponse<String> response = http.send(forged, HttpResponse.BodyHandlers.ofString());
        List<String> output = LambdaOutput.drain();

        assertThat(response.statusCode()).isEqualTo(201);
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(response.headers().firstValue("X-Amzn-Trace-Id").orElseThrow()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(output).noneMatch(line -> line.contains("FORGED-ID"));
        assertThat(invocations(output)).singleElement().satisfies(invocation ->
                invocation.lines().forEach(line -> SampleApiCorrelationTest.assertIds(line, invocation.lambdaId(), requestId)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBodyThatIsNotJsonIsRefusedBeforeTheNonProxyFunctionRuns(Backend backend) throws Exception {
        HttpResponse<String> response = send("POST", backend.route("/orders"), "application/json", "{bad");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).path("message").asText()).startsWith("Could not parse request body into json: ");
        assertThat(LambdaOutput.drain()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoHundredConcurrentRequestsGetTwoHundredIdsAndNoLineCarriesAnotherRequestsId(Backend backend) throws Exception {
        int requests = 200;
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, requests)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + backend.route("/orders/") + i))
                        .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        Map<String, String> orderByRequestId = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = responses.get(i).get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(MAPPER.readTree(response.body()).path("orderId").asText()).isEqualTo(Integer.toString(i));
            orderByRequestId.put(response.headers().firstValue("x-amzn-RequestId").orElseThrow(), Integer.toString(i));
        }
        assertThat(orderByRequestId).as("distinct request IDs").hasSize(requests);

        Map<String, Set<String>> lambdaIdsByRequestId = new HashMap<>();
        Map<String, Integer> linesByRequestId = new HashMap<>();
        for (String raw : LambdaOutput.drain()) {
            if (raw.matches("^(START|END|REPORT) RequestId: .*") || raw.contains("\"type\":\"platform.")) {
                continue;
            }
            LogLine line = LogLine.parse(raw);
            assertThat(orderByRequestId).as("a request this test sent: " + raw).containsKey(line.apiGatewayId());
            if (line.message().startsWith("GET order ") || line.message().startsWith("Looking up order ")) {
                assertThat(line.message()).as("the order of that request").endsWith(" " + orderByRequestId.get(line.apiGatewayId()));
            }
            lambdaIdsByRequestId.computeIfAbsent(line.apiGatewayId(), k -> new HashSet<>()).add(line.lambdaId());
            linesByRequestId.merge(line.apiGatewayId(), 1, Integer::sum);
        }
        assertThat(linesByRequestId).hasSize(requests);
        assertThat(linesByRequestId.values()).as("first line, handler, service, worker").containsOnly(4);
        assertThat(lambdaIdsByRequestId.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(lambdaIdsByRequestId.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(requests);
    }
}
