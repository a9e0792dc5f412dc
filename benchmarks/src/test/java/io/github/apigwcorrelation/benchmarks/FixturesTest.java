package io.github.apigwcorrelation.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.core.type.TypeReference;
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

    /**
     * The diagnostic contender "plain, both IDs" claims to print ours's bytes from a {@code ThreadContext} filled by
     * hand: the same text after the time stamp, the same JSON fields and length. (Its pattern escapes with Log4j2's
     * {@code %enc{...}{CRLF}}, which a plain class path has, where ours has {@code %printable}: the same bytes for a
     * message without control characters, as here; the escaping suite measures the two converters.)
     */
    @ParameterizedTest
    @EnumSource(NullSinkLogging.Format.class)
    void thePlainLineWithBothIdsPrintsOursBytes(NullSinkLogging.Format format) throws IOException {
        boolean pattern = format == NullSinkLogging.Format.PATTERN;
        DiscardingSink bothSink = new DiscardingSink();
        DiscardingSink oursSink = new DiscardingSink();
        LoggerContext both = NullSinkLogging.startSeparate("both", format,
                pattern ? NullSinkLogging.BOTH_IDS_PATTERN : NullSinkLogging.PLAIN_TEMPLATE, bothSink);
        LoggerContext ours = NullSinkLogging.startSeparate("ours", format,
                pattern ? NullSinkLogging.OURS_PATTERN : NullSinkLogging.OURS_TEMPLATE, oursSink);
        PerLinePlainBothIdsBenchmark byHand = new PerLinePlainBothIdsBenchmark();
        try {
            byHand.installIds();
            both.getLogger("com.example.orders.OrderService").info(LineChecks.MESSAGE);
            org.apache.logging.log4j.ThreadContext.clearMap();
            try (CorrelationScope scope = Correlation.builder().logInvocationLine(false).build()
                    .open(Events.restProxy(), new BenchContext())) {
                ours.getLogger("com.example.orders.OrderService").info(LineChecks.MESSAGE);
            }
        } finally {
            org.apache.logging.log4j.ThreadContext.clearMap();
            both.stop();
            ours.stop();
        }
        String bothLine = LineChecks.requireOneLine(bothSink, format, byHand.expectedIds());
        String oursLine = LineChecks.requireOneLine(oursSink, format, byHand.expectedIds());
        if (pattern) {
            assertThat(afterTimestamp(bothLine)).isEqualTo(afterTimestamp(oursLine)).isEqualTo(BenchContext.LAMBDA_REQUEST_ID
                    + " APIG: " + Events.REST_REQUEST_ID + " - INFO  OrderService - " + LineChecks.MESSAGE + "\n");
        } else {
            // cold_start is "true" in a JMH fork, whose first invocation ours's is; in this JVM others came first
            oursLine = oursLine.replace("\"cold_start\":\"false\"", "\"cold_start\":\"true\"");
            TypeReference<Map<String, Object>> object = new TypeReference<>() {};
            Map<String, Object> bothFields = JSON.readValue(bothLine, object);
            Map<String, Object> oursFields = JSON.readValue(oursLine, object);
            bothFields.remove("timestamp");
            oursFields.remove("timestamp");
            assertThat(bothFields).isEqualTo(oursFields).containsEntry("ApiGatewayExtendedRequestId",
                    Events.REST_EXTENDED_REQUEST_ID);
            assertThat(bothLine).hasSameSizeAs(oursLine);
        }
    }

    private static String afterTimestamp(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    /** The Text pattern the Log4j2 suites and the "ours" cold start print is the shipped one, ORIGIN part included. */
    @Test
    void theLibrarysPatternIsTheSamplesVerbatim() throws IOException {
        Path basedir = Path.of(System.getProperty("benchmarks.basedir"));
        java.util.regex.Pattern layout = java.util.regex.Pattern.compile("<PatternLayout pattern=\"([^\"]*)\"");
        for (Path config : List.of(basedir.resolve("../sample-function/src/main/resources/log4j2.xml"),
                basedir.resolve("src/main/resources/coldstart/ours.xml"))) {
            java.util.regex.Matcher pattern = layout.matcher(Files.readString(config));
            assertThat(pattern.find()).as(config.toString()).isTrue();
            assertThat(pattern.group(1)).as(config.toString()).isEqualTo(NullSinkLogging.OURS_PATTERN);
        }
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
                .contains("| no bytes per line beyond the same line from the ThreadContext (JSON, garbage-free) | 0 B "
                        + "| +16.0 B (+16.0 B over the line with the Lambda ID alone) | missed |")
                .contains("| no bytes per line beyond the same line from the ThreadContext (pattern, garbage-free) | 0 B "
                        + "| +0.0 B (+0.0 B over the line with the Lambda ID alone) | met |")
                .contains("| ≤ 5 % over a plain line printing the same bytes from the ThreadContext (JSON, garbage-free) "
                        + "| ≤ +5 % | +2.1 % (+2.1 % over the line with the Lambda ID alone) | met |");
    }

    @Test
    void tablesShowLogbackTheFlightRecorderOnBothBackendsAndThePropagationSuites(@TempDir Path results)
            throws IOException {
        Files.writeString(results.resolve("jmh-logback-1.json"), "[" + String.join(",",
                result("PerLineLogbackPlainBenchmark.line", "format", "PATTERN", 500, 600),
                result("PerLineLogbackPlainBothIdsBenchmark.line", "format", "PATTERN", 800, 1000),
                result("PerLineLogbackOursBenchmark.line", "format", "PATTERN", 820, 1000),
                result("PerLineLogbackPlainBenchmark.line", "format", "JSON", 900, 1100),
                result("PerLineLogbackPlainBothIdsBenchmark.line", "format", "JSON", 1000, 1400),
                result("PerLineLogbackOursBenchmark.line", "format", "JSON", 1100, 1448),
                result("FlightRecorderLogbackBenchmark.line", "way", "RECORDED", 900, 400),
                result("FlightRecorderLogbackBenchmark.line", "way", "SAMPLED", 1500, 2000),
                result("FlightRecorderLogbackBenchmark.line", "way", "WRITTEN", 1400, 2000),
                result("PerInvocationLogbackBenchmark.baseline", null, null, 50, 64),
                result("PerInvocationLogbackBenchmark.oursNoInvocationLine", null, null, 400, 300),
                result("PerInvocationLogbackBenchmark.oursFlightRecorderNoDebugLine", null, null, 450, 350),
                result("PerInvocationLogbackBenchmark.ours", null, null, 2000, 1000)) + "]");
        Files.writeString(results.resolve("jmh-recorder-1.json"), "[" + String.join(",",
                result("FlightRecorderBenchmark.line", "way", "RECORDED", 700, 300),
                result("FlightRecorderBenchmark.line", "way", "SAMPLED", 600, 30),
                result("FlightRecorderBenchmark.line", "way", "WRITTEN", 600, 30),
                result("PowertoolsBufferingBenchmark.line", null, null, 800, 500)) + "]");
        Files.writeString(results.resolve("jmh-propagation-1.json"), "[" + String.join(",",
                result("SdkInterceptorBenchmark.executionAttributes", null, null, 60, 96),
                result("SdkInterceptorBenchmark.outsideInvocation", null, null, 3, 0),
                result("SdkInterceptorBenchmark.insideInvocation", "userAttributes", "0", 400, 600),
                result("SdkInterceptorBenchmark.insideInvocation", "userAttributes", "3", 1200, 1200),
                result("SdkInterceptorBenchmark.insideInvocationRequestThatCarriesNothing", null, null, 20, 0),
                result("SdkInterceptorBenchmark.byHand", "userAttributes", "0", 250, 504),
                result("SdkInterceptorBenchmark.byHand", "userAttributes", "3", 400, 1000),
                result("PerRecordBenchmark.invocation", "lines", "OFF", 400, 600),
                result("PerRecordBenchmark.record", "lines", "OFF", 300, 500),
                result("PerRecordBenchmark.invocation", "lines", "ON", 2000, 1000),
                result("PerRecordBenchmark.record", "lines", "ON", 3000, 2000),
                result("SdkInterceptorBenchmark.insideInvocationBatch", "userAttributes", "0", 3000, 5000),
                result("SdkInterceptorBenchmark.byHandBatch", "userAttributes", "0", 2500, 4800),
                result("SqsHandlerBenchmark.plain", "messages", "10", 200, 100),
                result("SqsHandlerBenchmark.plainByHand", "messages", "10", 900, 300),
                result("SqsHandlerBenchmark.oursNoLines", "messages", "10", 3200, 4000),
                result("SqsHandlerBenchmark.ours", "messages", "10", 20000, 9000)) + "]");
        String markdown = Tables.render(results);
        assertThat(markdown)
                .contains("| `PatternLayoutEncoder` | 500 ± 0.5 | 800 ± 0.5 | 820 ± 0.5 | +64.0 % | +2.5 % | 600 | 1,000 "
                        + "| 1,000 | +0 |")
                .contains("| Logback: ≤ 5 % over a plain line printing the same bytes from the MDC (JSON) | ≤ +5 % "
                        + "| +10.0 % (+22.2 % over the line with the Lambda ID alone) | missed |")
                .contains("| Logback: no bytes per line beyond the same line from the MDC (JSON) | 0 B | +48.0 B | missed |")
                .contains("| Logback: no bytes per line beyond the same line from the MDC (pattern) | 0 B | +0.0 B | met |")
                .contains("| 50.0 ± 0.5 | 400 ± 0.5 | 450 ± 0.5 | 2,000 ± 0.5 | +50.0 ns | 64 / 300 / 350 / 1,000 |")
                .contains("| Logback: ours ≤ 1 µs per typed invocation (REST) | ≤ 1,000 ns | 400 ns without the line, 450 ns"
                        + " with the recorder, 2,000 ns with the line | met without the optional line; missed with it |")
                .contains("| recorded (ours) | 700 ± 0.5 | 300 | 900 ± 0.5 | 400 |")
                .contains("| buffered (Powertools) | 800 ± 0.5 | 500 | — | — |")
                .contains("| keeping a DEBUG line costs no more than writing it (Log4j2) | recorded ≤ written "
                        + "| 700 ns vs 600 ns | missed |")
                .contains("| keeping a DEBUG line costs no more than writing it (Logback) | recorded ≤ written "
                        + "| 900 ns vs 1,400 ns | met |")
                // own ns = call minus new ExecutionAttributes(); beyond = bytes minus that and minus by hand
                .contains("| inside an invocation | 0 | 400 ± 0.5 | 600 | 340 | +0 |")
                .contains("| inside an invocation | 3 | 1,200 ± 0.5 | 1,200 | 1,140 | +104 |")
                .contains("| SDK interceptor ≤ 1 µs per call (inside an invocation, 3 user attributes) | ≤ 1,000 ns "
                        + "| 1,140 ns | missed |")
                .contains("| SDK interceptor: no allocation beyond the attribute (inside an invocation, 0 user attributes)"
                        + " | 0 B | +0.0 B | met |")
                .contains("| SDK interceptor: no allocation beyond the attribute (inside an invocation, 3 user attributes)"
                        + " | 0 B | +104.0 B | missed |")
                .contains("| outside an invocation | 0 | 3.0 ± 0.5 | 0 | 3.0 | +0 |")
                .contains("| off | 400 ± 0.5 | 300 ± 0.5 | 0.8× | 600 | 500 |")
                .contains("| on (defaults) | 2,000 ± 0.5 | 3,000 ± 0.5 | 1.5× | 1,000 | 2,000 |")
                // a batch: the same two targets per request, its by-hand copy of 10 entries as the baseline
                .contains("| inside, `SendMessageBatch` of 10 | 0 | 3,000 ± 0.5 | 5,000 | 2,940 | +104 |")
                .contains("| *baseline:* the attribute by hand, batch of 10 | 0 | 2,500 ± 0.5 | 4,800 | | |")
                .contains("| SDK interceptor ≤ 1 µs per message (inside, SendMessageBatch of 10, 0 user attributes) "
                        + "| ≤ 1,000 ns | 294 ns (2,940 ns per call) | met |")
                // per message: (3,200 - 200) / 10; the batch of 1 is absent, so n/a
                .contains("| 10 | 200 ± 0.5 | 900 ± 0.5 | 3,200 ± 0.5 | 20,000 ± 0.5 | 300 | 100 / 300 / 4,000 / 9,000 |")
                .contains("| 1 | n/a | n/a | n/a | n/a | n/a | n/a / n/a / n/a / n/a |");
    }

    /** One benchmark's raw JMH result: two forks, the second at exactly {@code ns}, the first ± 1 around it. */
    private static String result(String benchmark, String param, String value, double ns, double bytes) {
        return "{\"benchmark\":\"io.github.apigwcorrelation.benchmarks." + benchmark + "\",\"params\":{"
                + (param == null ? "" : "\"" + param + "\":\"" + value + "\"") + "},\"primaryMetric\":{\"rawData\":[["
                + (ns - 1) + "," + (ns + 1) + "],[" + ns + "]]},\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{"
                + "\"rawData\":[[" + bytes + "," + bytes + "],[" + bytes + "]]}}}";
    }

    @Test
    void coldStartTableComparesEachBackendWithItsOwnPlainContender(@TempDir Path results) throws IOException {
        StringBuilder rows = new StringBuilder();
        String[][] contenders = {{"plain", "TEXT", "plain", "500"}, {"ours", "TEXT", "plain", "510"},
            {"plain", "JSON", "plain", "520"}, {"ours", "JSON", "plain", "530"}, {"powertools", "JSON", "plain", "900"},
            {"plain-logback", "TEXT", "plain-logback", "450"}, {"ours-logback", "TEXT", "plain-logback", "475"},
            {"plain-logback", "JSON", "plain-logback", "460"}, {"ours-logback", "JSON", "plain-logback", "470"}};
        for (String[] row : contenders) {
            rows.append(rows.length() == 0 ? "" : ",").append("{\"name\":\"").append(row[0]).append("\",\"format\":\"")
                    .append(row[1]).append("\",\"baseline\":\"").append(row[2]).append("\",\"lines\":3,\"total_ms\":[")
                    .append(row[3]).append("],\"harness_wall_ms\":[").append(row[3]).append("]}");
        }
        Files.writeString(results.resolve("coldstart.json"), "{\"runs\":1,\"warmupRounds\":0,\"jvmFlags\":\"-x\","
                + "\"java\":\"17\",\"contenders\":[" + rows + "]}");
        assertThat(Tables.render(results))
                .contains("| ours-logback | TEXT | 3 | 475 | 475 – 475 | +25.0 | 475 |")
                .contains("| plain-logback | JSON | 3 | 460 | 460 – 460 | — | 460 |")
                .contains("| cold start on Logback: ours adds ≤ 20 ms | ≤ 20 ms | +10.0 ms (JSON), +25.0 ms (text) | missed |")
                .contains("| cold start: ours adds ≤ 20 ms | ≤ 20 ms | +10.0 ms (JSON), +10.0 ms (text) | met |");
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
