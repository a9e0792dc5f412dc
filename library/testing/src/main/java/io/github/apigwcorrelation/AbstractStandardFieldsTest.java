package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The standard fields Powertools users expect, per invocation: {@code cold_start} and {@code xray_trace_id} by
 * default, the function's settings on request, each from the invocation's own {@code Context} (several
 * invocations run at once under Lambda Managed Instances, and each has its own trace).
 */
public abstract class AbstractStandardFieldsTest {
    private TestLogger log;
    private static final Map<String, Object> EVENT =
            Map.of("requestContext", Map.of("requestId", "req-1", "apiId", "w4hd8ru2l1"));

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @BeforeEach
    void logger() {
        log = harness().logger("orders.Handler");
    }

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    @Test
    void by_default_a_line_carries_cold_start_and_the_root_of_the_invocations_trace() {
        FakeContext context = new FakeContext("lambda-1")
                .withXrayTraceId("Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1");
        try (CorrelationScope ignored = Correlation.builder().logInvocationLine(false).build().open(EVENT, context)) {
            log.info("with the defaults");
        }

        assertThat(logs.drain()).singleElement().satisfies(line -> {
            assertThat(line.context()).containsEntry("xray_trace_id", "1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c")
                    .containsKey("cold_start").doesNotContainKeys("function_name", "function_arn");
            assertThat(line.context().get("cold_start")).isIn("true", "false");
        });
    }

    @Test
    void every_field_when_asked_for_with_the_keys_powertools_uses() {
        FakeContext context = new FakeContext("lambda-2").withFunction("orders-get", "7").withMemoryLimitInMB(1024)
                .withXrayTraceId("Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c");
        try (CorrelationScope ignored = Correlation.builder().logInvocationLine(false)
                .standardFields(StandardField.values()).build().open(EVENT, context)) {
            log.info("everything");
        }

        assertThat(logs.drain()).singleElement().satisfies(line -> assertThat(line.context())
                .containsEntry("function_name", "orders-get").containsEntry("function_version", "7")
                .containsEntry("function_memory_size", "1024")
                .containsEntry("function_arn", "arn:aws:lambda:us-east-1:123456789012:function:orders-get")
                .containsEntry("xray_trace_id", "1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c").containsKey("cold_start"));
    }

    @Test
    void only_the_first_invocation_of_the_jvm_is_a_cold_start_on_every_line_of_its_records_too() {
        CorrelatedSqsHandler consumer = new CorrelatedSqsHandler() {
            @Override
            protected void handleMessage(SQSEvent.SQSMessage message, Context context) {
                log.info("record {}", message.getMessageId());
            }
        };
        StandardField.forgetTheFirstInvocation(); // as in a new execution environment
        for (String invocation : new String[] {"cold", "warm-1", "warm-2"}) {
            SQSEvent batch = new SQSEvent();
            batch.setRecords(List.of(record(invocation + "-a"), record(invocation + "-b")));
            consumer.handleRequest(batch, new FakeContext("lambda-" + invocation));
        }

        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).hasSize(3 * (1 + 2 * 2)); // a batch line, and a record line and ours per record
        assertThat(lines).allSatisfy(line -> assertThat(line.context().get("cold_start")).as(line.message())
                .isEqualTo("lambda-cold".equals(line.lambdaId()) ? "true" : "false"));
    }

    private static SQSEvent.SQSMessage record(String id) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody("{}");
        return message;
    }

    @Test
    void a_trace_header_that_is_not_x_ray_shaped_leaves_the_field_out() {
        for (String header : new String[] {"Root=client-picked\r\nFORGED", "Self=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c",
            "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Root=1-11111111-111111111111111111111111"}) {
            try (CorrelationScope ignored = Correlation.builder().logInvocationLine(false).build()
                    .open(EVENT, new FakeContext().withXrayTraceId(header))) {
                log.info("hostile trace header");
            }
        }

        assertThat(logs.drain()).hasSize(3).allSatisfy(line ->
                assertThat(line.context()).doesNotContainKey("xray_trace_id"));
    }

    /** Lambda Managed Instances: the process-wide _X_AMZN_TRACE_ID would be another invocation's. */
    @Test
    void concurrent_invocations_each_carry_their_own_trace() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch together = new CountDownLatch(8);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String root = String.format("1-6791a3c%d-%024d", t, t);
            running.add(threads.submit(() -> {
                try (CorrelationScope ignored = Correlation.builder().logInvocationLine(false).build()
                        .open(EVENT, new FakeContext().withXrayTraceId("Root=" + root))) {
                    together.countDown();
                    together.await(10, TimeUnit.SECONDS);
                    log.info("trace {}", root);
                }
                return null;
            }));
        }
        for (Future<?> invocation : running) {
            invocation.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(logs.drain()).hasSize(8).allSatisfy(line ->
                assertThat(line.message()).isEqualTo("trace " + line.context().get("xray_trace_id")));
    }
}
