package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-invocation sampling: a sampled invocation writes its DEBUG lines whatever the configured level (INFO here),
 * decided once and said in its invocation line, and no logger's level changes, so an invocation running at the same
 * time in the same JVM keeps INFO (unlike a sampler that switches the global level).
 */
public abstract class AbstractDebugSamplingTest {
    /** The logger of the handlers below: set from the harness before each test (some handlers are static). */
    private static volatile TestLogger log;
    private static final String LOGGER = "orders.Handler";

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @BeforeEach
    void handlersLogThroughTheBackend() {
        log = harness().logger(LOGGER);
    }

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    private static Map<String, Object> event(String id, Map<String, String> headers) {
        return Map.of("requestContext", Map.of("requestId", id, "apiId", "w4hd8ru2l1"), "headers", headers);
    }

    private static List<String> debugLinesOf(List<CapturedLogs.Line> lines, String apiId) {
        return lines.stream().filter(line -> "DEBUG".equals(line.level()) && apiId.equals(line.apiGatewayId()))
                .map(CapturedLogs.Line::message).collect(Collectors.toList());
    }

    @Test
    void a_sampled_invocation_writes_its_debug_lines_while_one_running_at_the_same_time_does_not() throws Exception {
        Correlation always = Correlation.builder().debugSampleRate(1.0).build();
        Correlation never = Correlation.builder().build();
        CountDownLatch bothInside = new CountDownLatch(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<?> sampled = threads.submit(() -> always.wrap((Map<String, Object> e,
                com.amazonaws.services.lambda.runtime.Context c) -> {
            bothInside.countDown();
            await(bothInside);
            log.debug("sampled detail");
            return "ok";
        }).handleRequest(event("api-sampled", Map.of()), new FakeContext("lambda-sampled")));
        Future<?> plain = threads.submit(() -> never.wrap((Map<String, Object> e,
                com.amazonaws.services.lambda.runtime.Context c) -> {
            bothInside.countDown();
            await(bothInside);
            log.debug("not sampled detail");
            return "ok";
        }).handleRequest(event("api-plain", Map.of()), new FakeContext("lambda-plain")));
        sampled.get(10, TimeUnit.SECONDS);
        plain.get(10, TimeUnit.SECONDS);
        threads.shutdown();

        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(debugLinesOf(lines, "api-sampled")).containsExactly("sampled detail");
        assertThat(debugLinesOf(lines, "api-plain")).isEmpty();
        assertThat(lines).filteredOn(line -> line.message().startsWith("API Gateway Request ID: api-sampled"))
                .singleElement().satisfies(line -> assertThat(line.message()).endsWith("(sampled: DEBUG lines written)"));
        assertThat(lines).filteredOn(line -> line.message().startsWith("API Gateway Request ID: api-plain"))
                .singleElement().satisfies(line -> assertThat(line.message()).doesNotContain("sampled"));
        assertThat(log.isDebugEnabled()).as("outside any invocation").isFalse();
        assertThat(log.isDebugEnabled()).as("outside any invocation").isFalse();
    }

    /**
     * A fractional rate samples about that fraction of invocations, each all or nothing: every DEBUG line of a sampled
     * invocation is written and its invocation line says so, none of another's. 800 invocations at 0.25: the
     * bounds are more than 7 standard deviations (12.2) from 200, so this fails only when the rate is not honoured.
     */
    @Test
    void a_fractional_rate_samples_that_fraction_of_invocations_each_wholly_or_not_at_all() {
        Correlation quarter = Correlation.builder().debugSampleRate(0.25).build();
        int invocations = 800;
        for (int i = 0; i < invocations; i++) {
            quarter.wrap((Map<String, Object> e, com.amazonaws.services.lambda.runtime.Context c) -> {
                log.debug("first detail");
                log.debug("second detail");
                return "ok";
            }).handleRequest(event("api-" + i, Map.of()), new FakeContext("lambda-" + i));
        }

        Map<String, List<CapturedLogs.Line>> byRequest = logs.drain().stream()
                .collect(Collectors.groupingBy(CapturedLogs.Line::apiGatewayId));
        int sampled = 0;
        for (int i = 0; i < invocations; i++) {
            String apiId = "api-" + i;
            List<CapturedLogs.Line> lines = byRequest.getOrDefault(apiId, List.of());
            String invocationLine = "API Gateway Request ID: " + apiId + " Lambda Request ID: lambda-" + i;
            assertThat(lines).as(apiId).filteredOn(line -> line.message().startsWith(invocationLine)).hasSize(1);
            List<String> debug = debugLinesOf(lines, apiId);
            if (lines.stream().anyMatch(line -> line.message().equals(invocationLine
                    + " (sampled: DEBUG lines written)"))) {
                sampled++;
                assertThat(debug).as(apiId).containsExactly("first detail", "second detail");
            } else {
                assertThat(debug).as(apiId).isEmpty();
            }
        }
        assertThat(sampled).as("sampled of %d at 0.25", invocations).isBetween(110, 290);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_header_chosen_by_the_api_owner_samples_a_request_on_every_entry_point() throws Exception {
        Correlation byHeader = Correlation.builder().logInvocationLine(false).debugSampleHeader("x-debug-sample")
                .build();
        byHeader.wrap((Map<String, Object> e, com.amazonaws.services.lambda.runtime.Context c) -> {
            log.debug("map handler");
            return "ok";
        }).handleRequest(event("api-map", Map.of("X-Debug-Sample", "1")), new FakeContext());
        byHeader.wrap((APIGatewayProxyRequestEvent e, com.amazonaws.services.lambda.runtime.Context c) -> {
            log.debug("typed handler");
            return "ok";
        }).handleRequest(new APIGatewayProxyRequestEvent().withHeaders(Map.of("x-debug-sample", "true"))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("api-typed")
                        .withApiId("w4hd8ru2l1")), new FakeContext());
        String json = "{\"headers\": {\"x-debug-sample\": \"1\"}, \"requestContext\": {\"requestId\": \"api-stream\","
                + " \"apiId\": \"w4hd8ru2l1\"}}";
        byHeader.wrap((input, output, c) -> log.debug("stream handler")).handleRequest(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new FakeContext());

        assertThat(logs.drain()).extracting(CapturedLogs.Line::message)
                .containsExactly("map handler", "typed handler", "stream handler");
    }

    @Test
    void the_header_is_ignored_unless_configured_and_other_values_do_not_sample() {
        Correlation noHeader = Correlation.builder().logInvocationLine(false).build();
        Correlation byHeader = Correlation.builder().logInvocationLine(false).debugSampleHeader("x-debug-sample")
                .build();
        for (Correlation correlation : new Correlation[] {noHeader, byHeader}) {
            for (String value : new String[] {"0", "yes", "1\r\nx", ""}) {
                correlation.wrap((Map<String, Object> e, com.amazonaws.services.lambda.runtime.Context c) -> {
                    log.debug("should not be written");
                    return "ok";
                }).handleRequest(event("api-no", Map.of("x-debug-sample", value)), new FakeContext());
            }
        }
        noHeader.wrap((Map<String, Object> e, com.amazonaws.services.lambda.runtime.Context c) -> {
            log.debug("should not be written");
            return "ok";
        }).handleRequest(event("api-no", Map.of("x-debug-sample", "1")), new FakeContext());

        assertThat(logs.drain()).isEmpty();
    }

    @Test
    void a_sampled_invocation_with_the_recorder_writes_debug_at_once_and_records_trace() {
        Correlation both = Correlation.builder().logInvocationLine(false).debugSampleRate(1.0)
                .flightRecorder(LogLevel.TRACE).build();
        both.wrap((Map<String, Object> e, com.amazonaws.services.lambda.runtime.Context c) -> {
            log.trace("recorded, never written: the invocation succeeds");
            log.debug("sampled, written");
            return "ok";
        }).handleRequest(event("api-both", Map.of()), new FakeContext());

        assertThat(logs.drain()).extracting(CapturedLogs.Line::message).containsExactly("sampled, written");
    }
}
