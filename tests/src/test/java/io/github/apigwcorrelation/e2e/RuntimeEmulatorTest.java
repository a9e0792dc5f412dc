package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.apigwcorrelation.e2e.RuntimeEmulator.Printed;
import io.github.apigwcorrelation.e2e.RuntimeEmulator.Printed.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code sam build} output on the real Java runtime (runtime interface client) under the Runtime
 * Interface Emulator: what Lambda prints around an invocation and what the sample prints inside it agree
 * on the request IDs, in both log formats and with several invocations at once in one JVM, on both builds of the
 * sample ({@link Backend}: the Log4j2 functions and their Logback twins).
 */
@Tag("needs-tools")
class RuntimeEmulatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The sample's lines per invocation: the library's first line, handler, service, worker (create: handler twice). */
    private static final Map<String, Integer> LINES_PER_INVOCATION = Map.of(
            "rest-proxy-get-order.json", 4, "rest-nonproxy-create-order.json", 5, "http-api-list-orders.json", 4);

    static Stream<Arguments> eventsInBothFormatsOnBothBackends() {
        return Stream.of(Backend.values()).flatMap(backend -> SampleRoutes.HANDLERS.keySet().stream().sorted()
                .flatMap(file -> Stream.of(Arguments.of(file, "Text", backend), Arguments.of(file, "JSON", backend))));
    }

    static Stream<Arguments> bothFormatsOnBothBackends() {
        return Stream.of(Backend.values()).flatMap(backend -> Stream.of(Arguments.of("Text", backend),
                Arguments.of("JSON", backend)));
    }

    @ParameterizedTest(name = "{0} in {1} on {2}")
    @MethodSource("eventsInBothFormatsOnBothBackends")
    void everyLineBetweenStartAndEndCarriesTheLambdaIdOfThatStartAndTheEventsApiGatewayId(String file, String format,
            Backend backend) throws Exception {
        Class<?> handler = SampleRoutes.HANDLERS.get(file);
        String event = SampleRoutes.read(file);
        String apiGatewayId = SampleApiCorrelationTest.apiGatewayRequestIdIn(event);

        List<Printed> printed;
        try (RuntimeEmulator emulator = RuntimeEmulator.start(backend.function(handler), handler.getName(), format, 1)) {
            for (int i = 0; i < 2; i++) { // a cold and a warm invocation
                assertThat(emulator.invoke(event)).doesNotContain("errorMessage");
            }
            printed = emulator.awaitPrinted(Kind.REPORT, 2);
        }

        Map<String, List<LogLine>> byInvocation = new LinkedHashMap<>();
        RuntimeEmulator.byInvocation(printed).forEach((lambdaId, lines) -> byInvocation.put(lambdaId, lines.stream().map(line -> {
            LogLine parsed = LogLine.parse(line.text(), "JSON".equals(format));
            SampleApiCorrelationTest.assertIds(parsed, lambdaId, apiGatewayId);
            return parsed;
        }).toList()));
        assertThat(byInvocation).as("two invocations, two Lambda request IDs").hasSize(2);
        // The Log4j2 build's CreateOrderHandler also says that it has no queue here (no ORDERS_QUEUE_URL): one WARN more.
        int expected = LINES_PER_INVOCATION.get(file)
                + (backend == Backend.LOG4J2 && file.equals("rest-nonproxy-create-order.json") ? 1 : 0);
        assertThat(byInvocation.values()).allSatisfy(lines -> assertThat(lines).hasSize(expected));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("bothFormatsOnBothBackends")
    void concurrentInvocationsInOneRuntimeNeverCarryEachOthersIds(String format, Backend backend) throws Exception {
        int invocations = 48;
        List<String> apiGatewayIds = Stream.generate(() -> UUID.randomUUID().toString()).limit(invocations).toList();
        List<Printed> printed;
        try (RuntimeEmulator emulator = RuntimeEmulator.start(backend.function(com.example.orders.GetOrderHandler.class),
                "com.example.orders.GetOrderHandler", format, 4)) {
            String warmUpId = UUID.randomUUID().toString();
            emulator.invokeWhenReady(restEvent(warmUpId));
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> responses = new ArrayList<>();
                for (String id : apiGatewayIds) {
                    // The emulator queues nothing: beyond 4 running invocations it answers Runtime.Unavailable.
                    responses.add(clients.submit(() -> emulator.invokeWhenReady(restEvent(id))));
                }
                for (int i = 0; i < invocations; i++) {
                    assertThat(responses.get(i).get()).contains("\"statusCode\":200");
                }
            } finally {
                clients.shutdownNow();
            }
            emulator.awaitPrinted(Kind.REPORT, invocations + 1);
            // Here the emulator may relay a runtime line after its END and REPORT: wait for all of them.
            printed = emulator.awaitPrinted(Kind.APPLICATION, 4L * (invocations + 1));
        }

        Set<String> started = new HashSet<>();
        Set<String> running = new HashSet<>();
        int mostAtOnce = 0;
        Map<String, Set<String>> lambdaIdsByApiGatewayId = new HashMap<>();
        Map<String, Set<String>> apiGatewayIdsByLambdaId = new HashMap<>();
        Map<String, Integer> linesByApiGatewayId = new HashMap<>();
        for (Printed line : printed) {
            if (line.kind() == Kind.START) {
                assertThat(started.add(line.requestId())).as("fresh Lambda request ID").isTrue();
                running.add(line.requestId());
                mostAtOnce = Math.max(mostAtOnce, running.size());
            } else if (line.kind() == Kind.END) {
                assertThat(running.remove(line.requestId())).as(line.text()).isTrue();
            } else if (line.kind() == Kind.APPLICATION) {
                // Not checked against START/END order: with several invocations at once the emulator
                // relays the runtime's output after its own END line at times, as Lambda's log
                // delivery may. Each line's own IDs are what a reader goes by.
                LogLine parsed = LogLine.parse(line.text(), "JSON".equals(format));
                lambdaIdsByApiGatewayId.computeIfAbsent(parsed.apiGatewayId(), k -> new HashSet<>()).add(parsed.lambdaId());
                apiGatewayIdsByLambdaId.computeIfAbsent(parsed.lambdaId(), k -> new HashSet<>()).add(parsed.apiGatewayId());
                linesByApiGatewayId.merge(parsed.apiGatewayId(), 1, Integer::sum);
            }
        }
        assertThat(started).hasSize(invocations + 1);
        assertThat(apiGatewayIdsByLambdaId.keySet()).as("lines only of invocations Lambda started").isEqualTo(started);
        assertThat(mostAtOnce).as("invocations that overlapped in the one runtime").isGreaterThan(1);
        assertThat(lambdaIdsByApiGatewayId.values()).as("one Lambda request ID per API Gateway request ID")
                .allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(apiGatewayIdsByLambdaId.values()).as("one API Gateway request ID per Lambda request ID")
                .allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(linesByApiGatewayId.keySet()).containsAll(apiGatewayIds).hasSize(invocations + 1);
        assertThat(linesByApiGatewayId.values()).as("first line, handler, service, worker").containsOnly(4);
    }

    /** .ci/run runs these tests on two runtime client versions and two Java versions: each run is the one asked for. */
    @Test
    void theRuntimeIsTheRuntimeClientVersionAndTheJavaAskedFor() throws Exception {
        Path jar = Tools.runtimeClientDir().resolve("aws-lambda-java-runtime-interface-client.jar");
        String version;
        try (JarFile client = new JarFile(jar.toFile())) {
            Properties pom = new Properties();
            pom.load(client.getInputStream(client.getEntry(
                    "META-INF/maven/com.amazonaws/aws-lambda-java-runtime-interface-client/pom.properties")));
            version = pom.getProperty("version");
        }
        assertThat(version).isEqualTo(System.getProperty("runtime.client.version"));
        Process settingsOfJava = new ProcessBuilder(Tools.runtimeJava().toString(), "-XshowSettings:properties",
                "-version").redirectErrorStream(true).start();
        String settings = new String(settingsOfJava.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(settingsOfJava.waitFor()).isZero();
        String javaVersion = settings.lines().map(String::trim).filter(line -> line.startsWith("java.version = "))
                .findFirst().orElseThrow().substring("java.version = ".length());
        System.out.printf("[runtime] runtime interface client %s on Java %s (%s)%n", version, javaVersion,
                Tools.runtimeJava());
        assertThat(Tools.runtimeJava().toRealPath().toString())
                .startsWith(Path.of(System.getProperty("runtime.java.home", System.getProperty("java.home")))
                        .toRealPath().toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void theSamBuildOutputHoldsEachDependencyOnceAndOneBackend(Backend backend) throws Exception {
        // Two copies of log4j-core or of the library on the class path make Log4j warn on every cold start; two
        // adapters make the library warn, and two SLF4J providers make SLF4J pick one.
        for (Class<?> handler : SampleRoutes.HANDLERS.values()) {
            String function = backend.function(handler);
            try (Stream<java.nio.file.Path> jars = java.nio.file.Files.list(Tools.samBuildDir().resolve(function).resolve("lib"))) {
                // Artifact IDs without group prefix or version: two versions of one artifact are duplicates too.
                List<String> artifacts = jars.map(jar -> jar.getFileName().toString()
                        .replaceFirst("^(com\\.amazonaws|com\\.fasterxml\\.jackson\\.core|org\\.apache\\.logging\\.log4j"
                                + "|io\\.github\\.apigwcorrelation|joda-time|ch\\.qos\\.logback|org\\.slf4j)\\.", "")
                        .replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "")).toList();
                if (backend == Backend.LOG4J2) {
                    // SLF4J only as the AWS SDK's API with Log4j's own binding, so the SDK's lines go to Log4j2.
                    assertThat(artifacts).as(function + "/lib").doesNotHaveDuplicates()
                            .contains("log4j-core", "apigw-correlation-core", "apigw-correlation-log4j2", "aws-lambda-java-log4j2",
                                    "apigw-correlation-propagation", "slf4j-api", "log4j-slf4j-impl")
                            .noneMatch(artifact -> artifact.contains("logback") || artifact.contains("netty")
                                    || artifact.contains("apache5-client") || artifact.contains("httpclient"))
                            .filteredOn(artifact -> artifact.contains("slf4j"))
                            .containsExactlyInAnyOrder("slf4j-api", "log4j-slf4j-impl");
                } else {
                    assertThat(artifacts).as(function + "/lib").doesNotHaveDuplicates()
                            .contains("logback-classic", "logback-core", "slf4j-api", "apigw-correlation-core",
                                    "apigw-correlation-logback")
                            .noneMatch(artifact -> artifact.contains("log4j"));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aHandlerSettingWithAMethodNameFailsWithTheFixAndBothIds(Backend backend) throws Exception {
        String event = SampleRoutes.read("rest-proxy-get-order.json");
        String apiGatewayId = SampleApiCorrelationTest.apiGatewayRequestIdIn(event);
        String response;
        List<Printed> printed;
        try (RuntimeEmulator emulator = RuntimeEmulator.start(backend.function(com.example.orders.GetOrderHandler.class),
                "com.example.orders.GetOrderHandler::handleRequest", "Text", 1)) {
            response = emulator.invoke(event);
            printed = emulator.awaitPrinted(Kind.REPORT, 1);
        }
        JsonNode error = MAPPER.readTree(response);
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("errorMessage").asText())
                .contains("passed a java.util.LinkedHashMap")
                .contains("Set Handler to com.example.orders.GetOrderHandler (the class name alone)");
        String lambdaId = printed.stream().filter(p -> p.kind() == Kind.START).findFirst().orElseThrow().requestId();
        List<LogLine> errors = printed.stream()
                .filter(p -> p.kind() == Kind.APPLICATION && p.text().matches("^\\d{4}-.*"))
                .map(p -> LogLine.parse(p.text(), false))
                .filter(line -> line.level().equals("ERROR"))
                .collect(Collectors.toList());
        assertThat(errors).singleElement().satisfies(line -> {
            SampleApiCorrelationTest.assertIds(line, lambdaId, apiGatewayId);
            assertThat(line.message()).contains("class name alone");
        });
    }

    private static String restEvent(String requestId) {
        try {
            ObjectNode event = (ObjectNode) MAPPER.readTree(SampleRoutes.read("rest-proxy-get-order.json"));
            ((ObjectNode) event.path("requestContext")).put("requestId", requestId);
            return MAPPER.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
