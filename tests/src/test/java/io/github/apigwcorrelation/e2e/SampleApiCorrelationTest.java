package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.example.orders.CreateOrderHandler;
import com.example.orders.GetOrderHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.apigwcorrelation.RequestIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample API end to end, in-process: each {@code events/*.json} deserialized by the runtime's own
 * serializer, the sample handler invoked with a Lambda context, and every printed line parsed and checked.
 * Surefire runs this class four times: on each sample build ({@link Backend}, Log4j2 and Logback), with
 * {@code AWS_LAMBDA_LOG_FORMAT} Text and JSON.
 */
@ExtendWith(LambdaOutput.Capture.class)
class SampleApiCorrelationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(SampleRoutes.eventsDir())) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted()
                    .collect(Collectors.toList()).stream();
        }
    }

    /** The API Gateway events: each reaches a handler of a route. */
    static Stream<String> apiEventFiles() throws IOException {
        return eventFiles().filter(SampleRoutes.HANDLERS::containsKey);
    }

    /** Each Surefire execution puts one sample build on the class path, exactly as a user's function has it. */
    @Test
    void the_class_path_holds_the_sample_build_of_this_run_and_no_other_backend() {
        boolean logback = Backend.inProcess() == Backend.LOGBACK;
        assertThat(present("ch.qos.logback.classic.LoggerContext")).isEqualTo(logback);
        assertThat(present("io.github.apigwcorrelation.logback.LogbackBackend")).isEqualTo(logback);
        assertThat(present("org.apache.logging.log4j.core.LoggerContext")).isEqualTo(!logback);
        assertThat(present("io.github.apigwcorrelation.log4j2.Log4j2Backend")).isEqualTo(!logback);
        if (logback) {
            assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())
                    .isEqualTo("ch.qos.logback.classic.LoggerContext");
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SampleApiCorrelationTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void every_event_file_has_a_sample_route() throws IOException {
        assertThat(eventFiles()).containsExactlyInAnyOrderElementsOf(Stream.concat(SampleRoutes.HANDLERS.keySet().stream(),
                SampleRoutes.CONSUMERS.keySet().stream()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiEventFiles")
    void every_line_of_an_invocation_carries_the_events_and_the_contexts_ids(String eventFile) throws IOException {
        Class<? extends RequestHandler<?, ?>> type = SampleRoutes.HANDLERS.get(eventFile);
        String json = SampleRoutes.read(eventFile);
        TestContext context = new TestContext(SampleRoutes.functionName(type));

        Object response = SampleRoutes.invoke(SampleRoutes.newHandler(type), json, context);

        List<LogLine> lines = parsed(LambdaOutput.drain());
        String apiGatewayId = apiGatewayRequestIdIn(json);
        assertThat(response).isNotNull();
        assertThat(lines).allSatisfy(line -> assertIds(line, context.getAwsRequestId(), apiGatewayId));
        assertThat(lines).extracting(LogLine::logger)
                .as("the library's first line, the handler, another class and a propagated worker all logged")
                .contains("Correlation", type.getSimpleName(), "OrderService");
        assertThat(lines).extracting(LogLine::message)
                .contains("API Gateway Request ID: " + apiGatewayId + " Lambda Request ID: "
                        + context.getAwsRequestId())
                .anySatisfy(message -> assertThat(message).contains("on a worker thread"));
        assertThat(lines).extracting(LogLine::level).doesNotContain("ERROR");
        // Replayed here, the Log4j2 build's CreateOrderHandler has no queue to send to (no ORDERS_QUEUE_URL), and says so.
        List<String> warnings = lines.stream().filter(line -> line.level().equals("WARN")).map(LogLine::message).toList();
        if (type == CreateOrderHandler.class && Backend.inProcess() == Backend.LOG4J2) {
            assertThat(warnings).singleElement().satisfies(warning -> assertThat(warning)
                    .matches("ORDERS_QUEUE_URL is not set: order \\d+ is not sent to fulfilment"));
        } else {
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void a_line_logged_after_the_user_clears_its_context_still_carries_both_ids() throws IOException {
        String json = SampleRoutes.read("rest-nonproxy-create-order.json");
        TestContext context = new TestContext("create");

        SampleRoutes.invoke(SampleRoutes.newHandler(CreateOrderHandler.class), json, context);

        List<LogLine> lines = parsed(LambdaOutput.drain());
        LogLine afterClear = lines.stream().filter(l -> l.message().startsWith("Created order")).findFirst()
                .orElseThrow(() -> new AssertionError("no line after clearMap in " + lines));
        assertThat(afterClear.lambdaId()).isEqualTo(context.getAwsRequestId());
        assertThat(afterClear.apiGatewayId()).isEqualTo(apiGatewayRequestIdIn(json));
    }

    @Test
    void no_id_survives_into_the_next_invocation_even_after_a_throw() {
        RequestHandler<Object, Object> handler = SampleRoutes.newHandler(GetOrderHandler.class);
        String failingId = UUID.randomUUID().toString();
        TestContext failing = new TestContext("get");
        assertThatThrownBy(() -> SampleRoutes.invoke(handler, restEvent(failingId, "fail"), failing))
                .isInstanceOf(IllegalStateException.class).hasMessage("order store unavailable");
        List<LogLine> failed = parsed(LambdaOutput.drain());
        assertThat(failed).allSatisfy(line -> assertIds(line, failing.getAwsRequestId(), failingId));
        assertThat(failed).filteredOn(line -> line.level().equals("ERROR")).singleElement()
                .satisfies(line -> assertThat(line.message()).contains(failingId, failing.getAwsRequestId()));

        assertThat(RequestIds.current()).isEmpty();
        assertThat(Backend.inProcess().userContextKeys()).doesNotContain("AWSRequestId", "ApiGatewayRequestId");
        Backend.inProcess().logOutsideInvocation("between.invocations", "no invocation is running");
        assertThat(parsed(LambdaOutput.drain())).singleElement().satisfies(line -> assertIds(line, "", ""));

        String nextId = UUID.randomUUID().toString();
        TestContext next = new TestContext("get");
        SampleRoutes.invoke(handler, restEvent(nextId, "42"), next);
        List<String> raw = LambdaOutput.drain();
        assertThat(raw).noneMatch(line -> line.contains(failingId) || line.contains(failing.getAwsRequestId()));
        assertThat(parsed(raw)).isNotEmpty().allSatisfy(line -> assertIds(line, next.getAwsRequestId(), nextId));
    }

    @Test
    void concurrent_invocations_on_two_threads_never_mix_ids() throws Exception {
        RequestHandler<Object, Object> handler = SampleRoutes.newHandler(GetOrderHandler.class);
        int perThread = 150;
        Map<String, String> apiIdByLambdaId = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                done.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        String apiId = UUID.randomUUID().toString();
                        TestContext context = new TestContext("get");
                        apiIdByLambdaId.put(context.getAwsRequestId(), apiId);
                        SampleRoutes.invoke(handler, restEvent(apiId, Integer.toString(i)), context);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<LogLine> lines = parsed(LambdaOutput.drain());
        assertThat(apiIdByLambdaId).hasSize(2 * perThread);
        assertThat(lines).allSatisfy(line ->
                assertThat(line.apiGatewayId()).as(line.raw()).isEqualTo(apiIdByLambdaId.get(line.lambdaId())));
        Map<String, Long> linesPerInvocation =
                lines.stream().collect(Collectors.groupingBy(LogLine::lambdaId, Collectors.counting()));
        assertThat(linesPerInvocation).hasSize(2 * perThread);
        assertThat(linesPerInvocation.values()).as("first line, handler, service, worker").containsOnly(4L);
    }

    private static String restEvent(String requestId, String orderId) {
        try {
            ObjectNode event = (ObjectNode) MAPPER.readTree(SampleRoutes.read("rest-proxy-get-order.json"));
            ((ObjectNode) event.path("requestContext")).put("requestId", requestId);
            ((ObjectNode) event.path("pathParameters")).put("orderId", orderId);
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where API Gateway put the request ID in this event file, read independently of the library. */
    static String apiGatewayRequestIdIn(String json) throws IOException {
        JsonNode event = MAPPER.readTree(json);
        JsonNode proxy = event.path("requestContext").path("requestId");
        return proxy.isTextual() ? proxy.asText() : event.path("context").path("request-id").asText();
    }

    static List<LogLine> parsed(List<String> raw) {
        return raw.stream().map(LogLine::parse).collect(Collectors.toList());
    }

    static void assertIds(LogLine line, String lambdaId, String apiGatewayId) {
        assertThat(line.lambdaId()).as(line.raw()).isEqualTo(lambdaId);
        assertThat(line.apiGatewayId()).as(line.raw()).isEqualTo(apiGatewayId);
    }
}
