package io.github.apigwcorrelation.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.benchmarks.coldstart.ColdStartHarnessAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Logback suites' fixtures, on a class path with Logback and without Log4j2 or Powertools, as the suites run
 * (surefire execution "logback"; FixturesTest checks the Log4j2 ones). Logback is configured in code and can be
 * configured again, so the suites' own setups and teardowns run here, in the JVM of the test.
 */
class LogbackFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLibrarysPatternIsTheSamplesVerbatim() throws IOException {
        String sample;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("logback-sample/logback.xml")) {
            assertThat(in).as("the Logback sample's logback.xml, copied by the build").isNotNull();
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher pattern = Pattern.compile("<pattern>(.*)</pattern>").matcher(sample);
        assertThat(pattern.find()).isTrue();
        assertThat(LogbackSinkLogging.OURS_PATTERN).isEqualTo(pattern.group(1));
        assertThat(sample).contains("class=\"io.github.apigwcorrelation.logback.CorrelationJsonEncoder\"");
    }

    /**
     * One method, in this order, because the plain contenders demand a JVM where no invocation has opened yet (the
     * library's adapter is then not installed) and ours installs it for good, and the recorder's WRITTEN way demands
     * one where no invocation has used a recorder or sampling yet (the adapter's turbo filter then stays).
     */
    @Test
    void eachContenderWritesTheLineItClaimsAndOursEqualsThePlainLineWithBothIds() throws Exception {
        Map<String, String> plain = run(PerLineLogbackPlainBenchmark::new);
        Map<String, String> both = run(PerLineLogbackPlainBothIdsBenchmark::new);
        // the per-invocation baseline's fork: its setup and teardown demand the library's adapter unloaded
        PerInvocationLogbackBenchmark baseline = new PerInvocationLogbackBenchmark();
        baseline.start(true);
        for (int i = 0; i < 100; i++) {
            assertThat(baseline.baseline()).isNotNull();
        }
        baseline.stop();
        assertThat(RequestIds.current()).isEmpty();
        Map<String, String> ours = run(PerLineLogbackOursBenchmark::new);

        String lambda = BenchContext.LAMBDA_REQUEST_ID;
        assertThat(afterTimestamp(plain.get("PATTERN")))
                .isEqualTo(lambda + " - INFO  OrderService - " + LineChecks.MESSAGE + "\n");
        assertThat(afterTimestamp(ours.get("PATTERN")))
                .isEqualTo(lambda + " APIG: " + Events.REST_REQUEST_ID + " - INFO  OrderService - " + LineChecks.MESSAGE
                        + "\n")
                .isEqualTo(afterTimestamp(both.get("PATTERN")));

        assertThat(fields(plain.get("JSON"))).containsEntry("AWSRequestId", lambda)
                .containsEntry("message", LineChecks.MESSAGE).doesNotContainKey("ApiGatewayRequestId");
        Map<String, String> oursFields = fields(ours.get("JSON"));
        assertThat(oursFields).containsEntry("AWSRequestId", lambda)
                .containsEntry("ApiGatewayRequestId", Events.REST_REQUEST_ID)
                .containsEntry("message", LineChecks.MESSAGE);
        // The same fields and bytes; only their order may differ (Logback's MDC map is a HashMap). cold_start is
        // "true" in a JMH fork, whose first invocation this is; here the PATTERN run's invocation came first.
        String oursJson = ours.get("JSON").replace("\"cold_start\":\"false\"", "\"cold_start\":\"true\"");
        oursFields = fields(oursJson);
        Map<String, String> bothFields = fields(both.get("JSON"));
        oursFields.remove("timestamp");
        bothFields.remove("timestamp");
        assertThat(oursFields).isEqualTo(bothFields);
        assertThat(oursJson).hasSameSizeAs(both.get("JSON"));

        // WRITTEN first: its fork never has the adapter's turbo filter, which stays in the logger context once an
        // invocation used a recorder or sampling (as in the other two ways' forks, and the per-invocation ones below)
        for (FlightRecorderBenchmark.Way way : List.of(FlightRecorderBenchmark.Way.WRITTEN,
                FlightRecorderBenchmark.Way.RECORDED, FlightRecorderBenchmark.Way.SAMPLED)) {
            FlightRecorderLogbackBenchmark recorder = new FlightRecorderLogbackBenchmark();
            recorder.way = way;
            recorder.start();
            for (int i = 0; i < 100; i++) {
                recorder.line();
            }
            recorder.stop(); // RECORDED: flushes and demands the recorded lines with the IDs; else demands lines
            assertThat(recorder.checkedLine()).as(way.name()).satisfies(line -> {
                if (way == FlightRecorderBenchmark.Way.RECORDED) {
                    assertThat(line).isEmpty();
                } else {
                    assertThat(afterTimestamp(line)).isEqualTo(lambda + " APIG: " + Events.REST_REQUEST_ID
                            + " - DEBUG OrderService - priced order 1\n");
                }
            });
        }
        // the other forks: the setup checks the IDs each handler saw and that only ours logged
        PerInvocationLogbackBenchmark invocation = new PerInvocationLogbackBenchmark();
        invocation.start(false);
        for (int i = 0; i < 100; i++) {
            invocation.oursNoInvocationLine();
            invocation.oursFlightRecorderNoDebugLine();
            invocation.ours();
        }
        invocation.stop();
        assertThat(RequestIds.current()).isEmpty();
    }

    /**
     * Runs a per-line contender's setup, some lines and its teardown in both encoders, a fresh instance each (as a JMH
     * fork has); returns each checked line.
     */
    private static Map<String, String> run(Supplier<PerLineLogbackBenchmark> contender) {
        Map<String, String> lines = new HashMap<>();
        for (LogbackSinkLogging.Format format : LogbackSinkLogging.Format.values()) {
            PerLineLogbackBenchmark benchmark = contender.get();
            benchmark.format = format;
            benchmark.start();
            for (int i = 0; i < 100; i++) {
                benchmark.line();
            }
            benchmark.stop();
            lines.put(format.name(), benchmark.checkedLine());
        }
        return lines;
    }

    private static String afterTimestamp(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    private static Map<String, String> fields(String line) throws IOException {
        JsonNode tree = JSON.readTree(line);
        Map<String, String> fields = new HashMap<>();
        tree.properties().forEach(field -> fields.put(field.getKey(), field.getValue().asText()));
        return fields;
    }

    @Test
    void everyLogbackColdStartContenderLogsTheLinesTheHarnessDemands(@TempDir Path classpaths) throws Exception {
        // On this test's class path, which holds Logback and no Log4j2, as each Logback contender's own does.
        Path classes = Path.of(System.getProperty("benchmarks.basedir"), "target", "classes");
        for (String contender : List.of("plain-logback", "ours-logback")) {
            Files.writeString(classpaths.resolve("coldstart-" + contender + ".txt"), System.getProperty("java.class.path"));
        }
        assertThat(ColdStartHarnessAccess.runEachOnce(classes, classpaths, true)).containsExactly(
                "plain-logback (TEXT)", "ours-logback (TEXT)", "plain-logback (JSON)", "ours-logback (JSON)");
    }

    @Test
    void thisClassPathHasLogbackAndNoLog4j2() {
        assertThat(System.getProperty("java.class.path")).contains("logback-classic")
                .doesNotContain("log4j-core").doesNotContain("log4j-slf4j2-impl")
                .doesNotContain("apigw-correlation-log4j2").doesNotContain("powertools");
    }
}
