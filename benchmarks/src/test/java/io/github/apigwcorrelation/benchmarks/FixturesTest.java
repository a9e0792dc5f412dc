package io.github.apigwcorrelation.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.benchmarks.coldstart.ColdStartHarnessAccess;
import io.github.apigwcorrelation.benchmarks.report.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;

/**
 * The benchmarks only mean something if their fixtures are what they claim: these checks run in the normal
 * build, in seconds; the benchmarks themselves run only through benchmarks/run.sh.
 */
class FixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(Events.Position.class)
    void generatedEventsHaveTheirExactSizeAndTheRequestContextWhereNamed(Events.Position position) throws IOException {
        for (int size : List.of(2 * 1024, 100 * 1024, 6 * 1024 * 1024 - 1024)) {
            byte[] event = Events.large(size, position);
            assertThat(event).hasSize(size);
            JsonNode tree = JSON.readTree(event);
            List<String> names = new ArrayList<>();
            tree.fieldNames().forEachRemaining(names::add);
            assertThat(position == Events.Position.FIRST ? names.get(0) : names.get(names.size() - 1))
                    .isEqualTo("requestContext");
            assertThat(tree.at("/requestContext/requestId").asText()).isEqualTo(Events.REST_REQUEST_ID);
            // the body is a real JSON order list, most of the event
            JsonNode body = JSON.readTree(tree.get("body").asText());
            assertThat(body.isArray()).isTrue();
            assertThat(body.get(0).get("sku").asText()).isEqualTo("SKU-100000");
            assertThat(tree.get("body").asText().length()).isGreaterThan(size < 4096 ? 256 : size * 3 / 4);
        }
    }

    @Test
    void repositoryEventsBecomeTheInputsTheRuntimeGivesAHandler() {
        APIGatewayProxyRequestEvent rest = Events.restProxy();
        assertThat(rest.getRequestContext().getRequestId()).isEqualTo(Events.REST_REQUEST_ID);
        assertThat(rest.getRequestContext().getExtendedRequestId()).isEqualTo(Events.REST_EXTENDED_REQUEST_ID);
        assertThat(Events.httpApi().getRequestContext().getRequestId()).isEqualTo(Events.HTTP_REQUEST_ID);
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) Events.mappingTemplateMap().get("context");
        assertThat(context).containsEntry("request-id", Events.TEMPLATE_REQUEST_ID);
        assertThat(Events.bytes(Events.REST_PROXY)).hasSizeBetween(1900, 2100); // the "2 KB" raw stream event
    }

    @ParameterizedTest
    @EnumSource(NullSinkLogging.Format.class)
    void oursLineIsThePlainLinePlusTheApiGatewayIds(NullSinkLogging.Format format) throws IOException {
        DiscardingSink plainSink = new DiscardingSink();
        DiscardingSink oursSink = new DiscardingSink();
        boolean pattern = format == NullSinkLogging.Format.PATTERN;
        LoggerContext plain = NullSinkLogging.startSeparate("plain", format,
                pattern ? NullSinkLogging.PLAIN_PATTERN : NullSinkLogging.PLAIN_TEMPLATE, plainSink);
        LoggerContext ours = NullSinkLogging.startSeparate("ours", format,
                pattern ? NullSinkLogging.OURS_PATTERN : NullSinkLogging.OURS_TEMPLATE, oursSink);
        try (CorrelationScope scope = Correlation.builder().logInvocationLine(false).build()
                .open(Events.restProxy(), new BenchContext())) {
            plain.getLogger("com.example.orders.OrderService").info(LineChecks.MESSAGE);
            ours.getLogger("com.example.orders.OrderService").info(LineChecks.MESSAGE);
        } finally {
            plain.stop();
            ours.stop();
        }
        String plainLine = LineChecks.requireOneLine(plainSink, format, BenchContext.LAMBDA_REQUEST_ID);
        String oursLine = LineChecks.requireOneLine(oursSink, format, BenchContext.LAMBDA_REQUEST_ID,
                Events.REST_REQUEST_ID);
        if (pattern) {
            // the time stamps may differ by a millisecond: compare what follows them
            assertThat(afterTimestamp(oursLine))
                    .isEqualTo(afterTimestamp(plainLine).replace(BenchContext.LAMBDA_REQUEST_ID + " - ",
                            BenchContext.LAMBDA_REQUEST_ID + " APIG: " + Events.REST_REQUEST_ID + " - "));
            assertThat(afterTimestamp(plainLine))
                    .isEqualTo(BenchContext.LAMBDA_REQUEST_ID + " - INFO  OrderService - " + LineChecks.MESSAGE + "\n");
        } else {
            JsonNode line = JSON.readTree(oursLine);
            assertThat(line.get("AWSRequestId").asText()).isEqualTo(BenchContext.LAMBDA_REQUEST_ID);
            assertThat(line.get("ApiGatewayRequestId").asText()).isEqualTo(Events.REST_REQUEST_ID);
            assertThat(line.get("message").asText()).isEqualTo(LineChecks.MESSAGE);
        }
    }

    private static String afterTimestamp(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    @Test
    void plainJsonBaselineUsesTheLibrarysOwnTemplate() throws IOException {
        assertThat(resource("plain/apigw-correlation-layout.json")).isEqualTo(resource("apigw-correlation-layout.json"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FixturesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyColdStartContenderLogsTheLinesTheHarnessDemands(@TempDir Path classpaths) throws Exception {
        // On this test's class path (run.sh gives each contender its own): proves the handlers, their
        // log4j2 configurations and the harness's line checks fit together.
        Path classes = Path.of(System.getProperty("benchmarks.basedir"), "target", "classes");
        for (String contender : List.of("plain", "ours", "powertools")) {
            Files.writeString(classpaths.resolve("coldstart-" + contender + ".txt"), System.getProperty("java.class.path"));
        }
        List<String> labels = ColdStartHarnessAccess.runEachOnce(classes, classpaths, false);
        assertThat(labels).containsExactly("plain (TEXT)", "ours (TEXT)", "plain (JSON)", "ours (JSON)",
                "powertools (JSON)");
    }

    /**
     * The propagation suites configure Log4j2 in their states, which must come first in a JVM: they run in one of their
     * own, each state set up and each benchmark called as JMH would, their results checked.
     */
    @Test
    void propagationSuitesSendTheAttributeAndScopeTheirRecords() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), PropagationSuitesCheck.class.getName())
                .redirectErrorStream(false).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(stdout + stderr).isZero();
        assertThat(stderr).isEmpty();
        assertThat(stdout).isEqualTo("suites checked\n");
    }

    @Test
    void harnessRejectsALineWithoutTheIds() {
        assertThat(ColdStartHarnessAccess.checkOurs(List.of(
                "2026-11-21T19:31:25.135Z 17e2e82d-2c77-4a6d-b251-546905c5334a APIG: - - INFO  OursHandler - a",
                "b", "c", "d"))).contains("lacks '5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58'");
    }

    @Test
    void standaloneContenderPomsPinTheVersionsOfTheBuild() throws Exception {
        Path basedir = Path.of(System.getProperty("benchmarks.basedir"));
        Map<String, String> plain = properties(basedir.resolve("coldstart/plain/pom.xml"));
        assertThat(plain).containsEntry("log4j.version", System.getProperty("benchmarks.log4j.version"))
                .containsEntry("lambda-core.version", System.getProperty("benchmarks.lambda-core.version"))
                .containsEntry("lambda-events.version", System.getProperty("benchmarks.lambda-events.version"))
                .containsEntry("lambda-log4j2.version", System.getProperty("benchmarks.lambda-log4j2.version"));
        Map<String, String> plainLogback = properties(basedir.resolve("coldstart/plain-logback/pom.xml"));
        assertThat(plainLogback).containsEntry("logback.version", System.getProperty("benchmarks.logback.version"))
                .containsEntry("lambda-core.version", System.getProperty("benchmarks.lambda-core.version"))
                .containsEntry("lambda-events.version", System.getProperty("benchmarks.lambda-events.version"));
        Map<String, String> powertools = properties(basedir.resolve("coldstart/powertools/pom.xml"));
        assertThat(powertools).containsEntry("powertools.version", System.getProperty("benchmarks.powertools.version"))
                .containsEntry("lambda-core.version", System.getProperty("benchmarks.lambda-core.version"))
                .containsEntry("lambda-events.version", System.getProperty("benchmarks.lambda-events.version"));
    }

    private static Map<String, String> properties(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        org.w3c.dom.NodeList nodes = document.getElementsByTagName("properties").item(0).getChildNodes();
        Map<String, String> properties = new java.util.HashMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof org.w3c.dom.Element) {
                properties.put(nodes.item(i).getNodeName(), nodes.item(i).getTextContent().trim());
            }
        }
        return properties;
    }

    @Test
    void tablesComputeRatiosAndVerdictsFromTheRawResults(@TempDir Path results) throws IOException {
        Files.writeString(results.resolve("jmh-line-plain.json"), "[" + line("PerLinePlainBenchmark", "PATTERN", 400, 0)
                + "," + line("PerLinePlainBenchmark", "JSON", 500, 0) + "," + line("PerLinePlainBenchmark", "PATTERN",
                        "GARBAGE_FREE", 380, 0) + "," + line("PerLinePlainBenchmark", "JSON", "GARBAGE_FREE", 480, 0) + "]");
        Files.writeString(results.resolve("jmh-line-both.json"), "[" + line("PerLinePlainBothIdsBenchmark", "PATTERN",
                405, 0) + "," + line("PerLinePlainBothIdsBenchmark", "JSON", 560, 0) + ","
                + line("PerLinePlainBothIdsBenchmark", "PATTERN", "GARBAGE_FREE", 385, 0) + ","
                + line("PerLinePlainBothIdsBenchmark", "JSON", "GARBAGE_FREE", 480, 0) + "]");
        Files.writeString(results.resolve("jmh-line-ours.json"), "[" + line("PerLineOursBenchmark", "PATTERN", 410, 48)
                + "," + line("PerLineOursBenchmark", "JSON", 600, 0) + "," + line("PerLineOursBenchmark", "PATTERN",
                        "GARBAGE_FREE", 390, 0) + "," + line("PerLineOursBenchmark", "JSON", "GARBAGE_FREE", 490, 16) + "]");
        String markdown = Tables.render(results);
        assertThat(markdown).contains("| `PatternLayout` | default | 400 ± 0.5 | 405 ± 0.5 | 410 ± 0.5 | +2.5 % | +1.2 % "
                        + "| 0 | 0 | 48 | +48 |")
                .contains("| `JsonTemplateLayout` | default | 500 ± 0.5 | 560 ± 0.5 | 600 ± 0.5 | +20.0 % | +7.1 % |")
                .contains("| ≤ 5 % over a plain line printing the same bytes from the ThreadContext (JSON, default) "
                        + "| ≤ +5 % | +7.1 % (+20.0 % over the line with the Lambda ID alone) | missed |")
                .contains("| 0 extra bytes per line (JSON, garbage-free) | 0 B | +16.0 B | missed |")
                .contains("| 0 extra bytes per line (pattern, garbage-free) | 0 B | +0.0 B | met |")
                .contains("| ≤ 5 % over a plain line printing the same bytes from the ThreadContext (JSON, garbage-free) "
                        + "| ≤ +5 % | +2.1 % (+2.1 % over the line with the Lambda ID alone) | met |");
    }

    private static String line(String benchmark, String format, double ns, double bytes) {
        return line(benchmark, format, "DEFAULT", ns, bytes);
    }

    private static String line(String benchmark, String format, String mode, double ns, double bytes) {
        return "{\"benchmark\":\"io.github.apigwcorrelation.benchmarks." + benchmark + ".line\",\"params\":{\"format\":\""
                + format + "\",\"mode\":\"" + mode + "\"},\"primaryMetric\":{\"rawData\":[[" + (ns - 1) + "," + (ns + 1)
                + "],[" + ns + "]]},\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"rawData\":[[" + bytes + "," + bytes
                + "],[" + bytes + "]]}}}";
    }
}
