package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The flight recorder: an invocation's DEBUG lines (the root logger is at INFO) are kept, from the handler and from
 * propagated workers, and written only when the invocation fails, in order, each with its own time, thread and IDs,
 * then what made it fail. Nothing of one invocation reaches another's buffer or output.
 */
public abstract class AbstractFlightRecorderTest {
    /** The logger of the handlers below: set from the harness before each test (some handlers are static). */
    private static volatile TestLogger log;
    private static final String LOGGER = "orders.Handler";
    private static final Correlation RECORDING = Correlation.builder().logInvocationLine(false)
            .flightRecorder(LogLevel.DEBUG).build();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @BeforeEach
    void handlersLogThroughTheBackend() {
        log = harness().logger(LOGGER);
    }

    private final ExecutorService pool = Propagation.wrapExecutorService(
            Executors.newFixedThreadPool(2, task -> new Thread(task, "recorder-worker")));

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        harness().context().clearAll();
    }

    private static Map<String, Object> event(String id) {
        return Map.of("requestContext", Map.of("requestId", id, "apiId", "w4hd8ru2l1"));
    }

    /** Logs DEBUG on this thread and a worker, one INFO, then returns or throws as told. */
    private RequestHandler<Map<String, Object>, Object> handler(Object response, RuntimeException failure) {
        return RECORDING.wrap((event, context) -> {
            log.debug("debug 1 on the handler thread");
            try {
                pool.submit(() -> log.debug("debug 2 on a worker")).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            log.info("info is written at once");
            log.debug("debug 3 with {} parameter", "one");
            if (failure != null) {
                throw failure;
            }
            return response;
        });
    }

    private static List<String> summary(List<CapturedLogs.Line> lines) {
        return lines.stream().map(line -> line.level() + " " + line.message()).collect(Collectors.toList());
    }

    @Test
    void a_failing_invocations_debug_lines_appear_once_in_order_before_the_error_with_their_own_ids_and_threads() {
        FakeContext context = new FakeContext("lambda-fail");
        IllegalStateException failure = new IllegalStateException("inventory down");

        assertThatThrownBy(() -> handler(null, failure).handleRequest(event("api-fail"), context)).isSameAs(failure);

        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(summary(lines)).containsExactly(
                "INFO info is written at once",
                "DEBUG debug 1 on the handler thread",
                "DEBUG debug 2 on a worker",
                "DEBUG debug 3 with one parameter",
                "ERROR Handler failed: API Gateway Request ID: api-fail Lambda Request ID: lambda-fail");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.apiGatewayId()).isEqualTo("api-fail");
            assertThat(line.lambdaId()).isEqualTo("lambda-fail");
        });
        assertThat(lines.get(2).thread()).isEqualTo("recorder-worker");
        assertThat(lines.get(1).thread()).isEqualTo(Thread.currentThread().getName());
    }

    /** The same story in the real bytes of the shipped Text and JSON layouts. */
    @Test
    void the_flushed_story_is_real_text_and_json_lines_with_their_own_times_and_both_ids() {
        List<RealOutput.Line> written = new ArrayList<>();
        RealOutput output = new RealOutput(line -> {
            synchronized (written) {
                written.add(line);
            }
        });
        try (LoggingHarness.Attached ignored = harness().attach(output, LOGGER)) {
            assertThatThrownBy(() -> RECORDING.wrap((Map<String, Object> event,
                    com.amazonaws.services.lambda.runtime.Context context) -> {
                log.debug("first, recorded at {}", System.currentTimeMillis());
                try {
                    pool.submit(() -> log.debug("second, on a worker")).get(5, TimeUnit.SECONDS);
                    Thread.sleep(20);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                log.info("third, written at once");
                throw new IllegalStateException("boom");
            }).handleRequest(event("5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58"),
                    new FakeContext("17e2e82d-2c77-4a6d-b251-546905c5334a"))).hasMessage("boom");
        }

        assertThat(output.rejected()).isEmpty();
        assertThat(output.textLines()).isEqualTo(3);
        assertThat(output.jsonLines()).isEqualTo(3);
        for (RealOutput.Format format : RealOutput.Format.values()) {
            List<RealOutput.Line> lines = written.stream().filter(line -> line.format() == format).toList();
            assertThat(lines).as(format.name()).extracting(line -> line.level().trim() + " "
                    + line.message().replaceAll("\\d+$", "<time>")).containsExactly("INFO third, written at once",
                    "DEBUG first, recorded at <time>", "DEBUG second, on a worker");
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.lambdaId()).isEqualTo("17e2e82d-2c77-4a6d-b251-546905c5334a");
                assertThat(line.apiGatewayId()).isEqualTo("5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58");
            });
        }
        // The recorded line keeps the time it was logged, 20 ms before the line that was written at once.
        List<RealOutput.Line> text = written.stream().filter(line -> line.format() == RealOutput.Format.TEXT).toList();
        java.time.Instant writtenAt = java.time.Instant.parse(text.get(0).raw().substring(0, 24));
        java.time.Instant recorded = java.time.Instant.parse(text.get(1).raw().substring(0, 24));
        long loggedAt = Long.parseLong(text.get(1).message().replaceAll(".* ", ""));
        assertThat(recorded.toEpochMilli()).isGreaterThanOrEqualTo(loggedAt).isLessThan(writtenAt.toEpochMilli());
    }

    @Test
    void a_succeeding_invocations_debug_lines_never_appear() {
        handler(new APIGatewayProxyResponseEvent().withStatusCode(200), null).handleRequest(event("api-ok"),
                new FakeContext());

        assertThat(summary(logs.drain())).containsExactly("INFO info is written at once");
    }

    static List<Object> failedResponses() {
        return List.of(new APIGatewayProxyResponseEvent().withStatusCode(503),
                APIGatewayV2HTTPResponse.builder().withStatusCode(500).build(),
                alb(502), Map.of("statusCode", 504), Map.of("statusCode", "500"));
    }

    private static ApplicationLoadBalancerResponseEvent alb(int status) {
        ApplicationLoadBalancerResponseEvent response = new ApplicationLoadBalancerResponseEvent();
        response.setStatusCode(status);
        return response;
    }

    @Test
    void a_5xx_response_of_every_response_type_is_a_failure_too() {
        for (Object response : failedResponses()) {
            handler(response, null).handleRequest(event("api-5xx"), new FakeContext("lambda-5xx"));

            assertThat(summary(logs.drain())).as("for %s", response).hasSize(5).startsWith(
                    "INFO info is written at once", "DEBUG debug 1 on the handler thread")
                    .last().asString().matches("ERROR Handler returned status 5\\d\\d: API Gateway Request ID: "
                            + "api-5xx Lambda Request ID: lambda-5xx");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 302, 404, 499})
    void other_statuses_are_not_failures(int status) {
        handler(new APIGatewayProxyResponseEvent().withStatusCode(status), null).handleRequest(event("api-4xx"),
                new FakeContext());

        assertThat(summary(logs.drain())).containsExactly("INFO info is written at once");
    }

    @Test
    void an_error_line_writes_the_recorded_lines_first_then_itself() {
        RECORDING.wrap((Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context context) -> {
            log.debug("before the error");
            log.error("payment declined", null);
            log.debug("after the error, recorded again");
            return "handled";
        }).handleRequest(event("api-err"), new FakeContext());

        assertThat(summary(logs.drain())).containsExactly("DEBUG before the error", "ERROR payment declined");
    }

    @Test
    void guarded_lazy_and_fluent_debug_lines_are_recorded_once_each_and_the_guard_itself_records_nothing() {
        assertThatThrownBy(() -> RECORDING.wrap((Map<String, Object> event,
                com.amazonaws.services.lambda.runtime.Context context) -> {
            if (log.isDebugEnabled()) {
                log.debug("guarded");
            }
            log.debugLazily(() -> "lazy");
            log.debugFluently("fluent");
            throw new IllegalStateException("boom");
        }).handleRequest(event("api-guard"), new FakeContext("lambda-guard"))).hasMessage("boom");

        assertThat(summary(logs.drain())).containsExactly("DEBUG guarded", "DEBUG lazy", "DEBUG fluent",
                "ERROR Handler failed: API Gateway Request ID: api-guard Lambda Request ID: lambda-guard");
        assertThat(log.isDebugEnabled()).as("outside any invocation").isFalse();
    }

    @Test
    void flushing_by_hand_writes_what_was_recorded_so_far() {
        RECORDING.wrap((Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context context) -> {
            log.debug("a business failure the library cannot see");
            Correlation.flushRecordedLines();
            return "200 with an error body";
        }).handleRequest(event("api-hand"), new FakeContext());

        assertThat(summary(logs.drain())).containsExactly("DEBUG a business failure the library cannot see");
    }

    @Test
    void past_its_byte_limit_the_recorder_drops_the_oldest_lines_and_the_flush_says_how_many() {
        Correlation small = Correlation.builder().logInvocationLine(false).flightRecorder(LogLevel.DEBUG)
                .flightRecorderBytes(4096).build();
        assertThatThrownBy(() -> small.wrap((Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context c) -> {
            for (int i = 0; i < 100; i++) {
                log.debug("line {} {}", i, "x".repeat(100));
            }
            throw new IllegalStateException("boom");
        }).handleRequest(event("api-over"), new FakeContext())).hasMessage("boom");

        List<String> lines = summary(logs.drain());
        assertThat(lines.get(0)).matches("WARN apigw-correlation: the flight recorder dropped the \\d+ oldest lines "
                + "of this invocation \\(its byte limit is set by Correlation.Builder.flightRecorderBytes\\)");
        int dropped = Integer.parseInt(lines.get(0).replaceAll("\\D+(\\d+).*", "$1"));
        List<String> kept = lines.subList(1, lines.size() - 1);
        assertThat(kept).hasSize(100 - dropped).allMatch(line -> line.startsWith("DEBUG line "));
        assertThat(kept.get(0)).startsWith("DEBUG line " + dropped + " ");
        assertThat(kept.get(kept.size() - 1)).startsWith("DEBUG line 99 ");
        assertThat(lines.get(lines.size() - 1)).startsWith("ERROR Handler failed");
    }

    @Test
    void without_the_recorder_debug_lines_stay_off_and_nothing_is_buffered() {
        assertThatThrownBy(() -> Correlation.builder().logInvocationLine(false).build()
                .wrap((Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context context) -> {
                    log.debug("never seen");
                    throw new IllegalStateException("boom");
                }).handleRequest(event("api-off"), new FakeContext())).hasMessage("boom");

        assertThat(summary(logs.drain())).singleElement().asString().startsWith("ERROR Handler failed");
        assertThat(log.isDebugEnabled()).as("outside any invocation").isFalse();
    }

    /** Lambda Managed Instances: 16 invocations at once in one JVM, some failing, each with a worker. */
    @Test
    void sixteen_concurrent_invocations_with_some_failing_never_cross_buffers() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<?>> running = new ArrayList<>();
        for (int n = 0; n < 160; n++) {
            int invocation = n;
            running.add(callers.submit(() -> {
                try {
                    RECORDING.wrap((Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context c) -> {
                        log.debug("inv={} handler", invocation);
                        try {
                            pool.submit(() -> log.debug("inv={} worker", invocation)).get(5, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        if (invocation % 3 == 0) {
                            throw new IllegalStateException("inv=" + invocation + " failed");
                        }
                        return "ok";
                    }).handleRequest(event("api-" + invocation), new FakeContext("lambda-" + invocation));
                } catch (IllegalStateException expected) {
                    // a third of them fail
                }
                return null;
            }));
        }
        for (Future<?> invocation : running) {
            invocation.get(60, TimeUnit.SECONDS);
        }
        callers.shutdown();

        List<CapturedLogs.Line> debug = logs.drain().stream().filter(line -> "DEBUG".equals(line.level()))
                .collect(Collectors.toList());
        assertThat(debug).hasSize(2 * 54).allSatisfy(line -> {
            int invocation = Integer.parseInt(line.message().replaceAll("inv=(\\d+).*", "$1"));
            assertThat(invocation % 3).as(line.message()).isZero();
            assertThat(line.apiGatewayId()).isEqualTo("api-" + invocation);
            assertThat(line.lambdaId()).isEqualTo("lambda-" + invocation);
        });
        assertThat(debug.stream().map(CapturedLogs.Line::message).distinct()).hasSize(2 * 54);
    }
}
