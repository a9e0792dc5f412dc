package io.github.apigwcorrelation;

import io.github.apigwcorrelation.fixtures.FakeContext;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Role 5: a worker's lines carry the IDs of the invocation that handed it the task, and nothing after. */
public abstract class AbstractPropagationTest {
    private static final Correlation QUIET = Correlation.builder().logInvocationLine(false).build();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    private TestLogger log;

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    private ExecutorService pool;

    @BeforeEach
    void singleWorker() {
        log = harness().logger(AbstractPropagationTest.class.getName());
        pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "worker"));
    }

    @AfterEach
    void stopWorker() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        harness().context().clearAll();
    }

    private static CorrelationScope invocation(String apiId, String lambdaId) {
        return QUIET.open(Map.of("context", Map.of("request-id", apiId)), new FakeContext(lambdaId));
    }

    /** What the worker thread holds when nothing of ours runs on it. */
    private Optional<RequestIds> idsLeftOnWorker() throws Exception {
        return pool.submit(RequestIds::current).get(5, TimeUnit.SECONDS);
    }

    private void assertWorkerLine(String apiId, String lambdaId) {
        assertThat(logs.drain()).singleElement().satisfies(line -> {
            assertThat(line.thread()).isEqualTo("worker");
            assertThat(line.apiGatewayId()).isEqualTo(apiId);
            assertThat(line.lambdaId()).isEqualTo(lambdaId);
        });
    }

    @Test
    void a_wrapped_runnable_logs_with_the_ids_and_leaves_none_on_the_worker() throws Exception {
        Runnable task;
        try (CorrelationScope ignored = invocation("api-1", "lambda-1")) {
            task = Propagation.wrapRunnable(() -> log.info("on worker"));
        }
        pool.submit(task).get(5, TimeUnit.SECONDS);
        assertWorkerLine("api-1", "lambda-1");
        assertThat(idsLeftOnWorker()).isEmpty();
        assertThat(pool.submit(() -> harness().context().map()).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void a_wrapped_callable_logs_with_the_ids_and_returns_its_value() throws Exception {
        Callable<String> task;
        try (CorrelationScope ignored = invocation("api-2", "lambda-2")) {
            task = Propagation.wrapCallable(() -> {
                log.info("on worker");
                return "value";
            });
        }
        assertThat(pool.submit(task).get(5, TimeUnit.SECONDS)).isEqualTo("value");
        assertWorkerLine("api-2", "lambda-2");
        assertThat(idsLeftOnWorker()).isEmpty();
    }

    @Test
    void a_task_wrapped_outside_any_invocation_is_returned_unchanged() {
        Runnable task = () -> {};
        assertThat(Propagation.wrapRunnable(task)).isSameAs(task);
    }

    /**
     * Invocation B waits on a future that invocation A completes: a plain callback runs on A's thread with A's IDs
     * (Java's rule, shown here so the README's warning stays true); a wrapped callback carries B's IDs.
     */
    @Nested
    class Callbacks_of_a_future_another_invocation_completes {
        private final CompletableFuture<String> shared = new CompletableFuture<>();

        private void invocationACompletesTheFutureOnItsWorker() throws Exception {
            pool.submit(() -> {
                try (CorrelationScope ignored = invocation("api-A", "lambda-A")) {
                    shared.complete("order-42");
                }
            }).get(5, TimeUnit.SECONDS);
        }

        @Test
        void a_plain_callback_runs_with_the_ids_of_the_invocation_that_completes_the_future() throws Exception {
            CompletableFuture<Void> done;
            try (CorrelationScope ignored = invocation("api-B", "lambda-B")) {
                done = shared.thenAccept(order -> log.info("B prices {}", order));
            }
            invocationACompletesTheFutureOnItsWorker();
            done.get(5, TimeUnit.SECONDS);

            assertWorkerLine("api-A", "lambda-A");
        }

        @Test
        void wrapped_callbacks_carry_the_ids_of_the_invocation_that_registered_them() throws Exception {
            CompletableFuture<Void> done;
            try (CorrelationScope ignored = invocation("api-B", "lambda-B")) {
                done = shared.thenApply(Propagation.wrapFunction(order -> {
                    log.info("B prices {}", order);
                    return order.length();
                })).thenAccept(Propagation.wrapConsumer(length -> log.info("B got {}", length)))
                        .whenComplete(Propagation.wrapBiConsumer((nothing, failure) -> log.info("B done")));
            }
            invocationACompletesTheFutureOnItsWorker();
            done.get(5, TimeUnit.SECONDS);

            assertThat(logs.drain()).hasSize(3).allSatisfy(line -> {
                assertThat(line.thread()).isEqualTo("worker");
                assertThat(line.apiGatewayId()).isEqualTo("api-B");
                assertThat(line.lambdaId()).isEqualTo("lambda-B");
            });
            assertThat(idsLeftOnWorker()).isEmpty();
        }

        @Test
        void a_wrapped_supplier_carries_the_ids_even_on_the_common_pool() throws Exception {
            CompletableFuture<String> done;
            try (CorrelationScope ignored = invocation("api-C", "lambda-C")) {
                done = CompletableFuture.supplyAsync(Propagation.wrapSupplier(
                        () -> RequestIds.current().map(RequestIds::apiGatewayRequestId).orElse("none")));
            }
            assertThat(done.get(5, TimeUnit.SECONDS)).isEqualTo("api-C");
        }
    }

    @Nested
    class Executors_ {
        @Test
        void a_wrapped_executor_captures_the_ids_of_the_thread_that_calls_execute() throws Exception {
            Executor executor = Propagation.wrapExecutor(pool);
            CountDownLatch done = new CountDownLatch(2);
            for (String id : List.of("a", "b")) {
                try (CorrelationScope ignored = invocation("api-" + id, "lambda-" + id)) {
                    executor.execute(() -> {
                        log.info("task {}", id);
                        done.countDown();
                    });
                }
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(logs.drain()).extracting(CapturedLogs.Line::apiGatewayId, CapturedLogs.Line::lambdaId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("api-a", "lambda-a"),
                            org.assertj.core.groups.Tuple.tuple("api-b", "lambda-b"));
            assertThat(idsLeftOnWorker()).isEmpty();
        }

        @Test
        void a_wrapped_executor_service_propagates_through_submit_and_invokeAll() throws Exception {
            ExecutorService service = Propagation.wrapExecutorService(pool);
            try (CorrelationScope ignored = invocation("api-3", "lambda-3")) {
                Future<?> submitted = service.submit(() -> log.info("submitted"));
                submitted.get(5, TimeUnit.SECONDS);
                List<Future<Optional<RequestIds>>> all = service.invokeAll(List.of(RequestIds::current, RequestIds::current));
                for (Future<Optional<RequestIds>> f : all) {
                    assertThat(f.get().map(RequestIds::apiGatewayRequestId)).contains("api-3");
                }
            }
            assertWorkerLine("api-3", "lambda-3");
            assertThat(idsLeftOnWorker()).isEmpty();
        }

        @Test
        void a_worker_that_inherited_stale_thread_context_still_logs_the_current_ids() throws Exception {
            pool.submit(() -> harness().context().put("AWSRequestId", "stale-from-an-earlier-invocation")).get();
            ExecutorService service = Propagation.wrapExecutorService(pool);
            AtomicReference<String> restored = new AtomicReference<>();
            try (CorrelationScope ignored = invocation("api-4", "lambda-4")) {
                service.submit(() -> log.info("fresh")).get(5, TimeUnit.SECONDS);
            }
            pool.submit(() -> restored.set(harness().context().get("AWSRequestId"))).get();
            assertWorkerLine("api-4", "lambda-4");
            assertThat(restored.get()).as("the worker's own value is restored after the task")
                    .isEqualTo("stale-from-an-earlier-invocation");
        }

        @Test
        void shutting_down_the_wrapper_shuts_down_the_service() throws Exception {
            ExecutorService service = Propagation.wrapExecutorService(pool);
            service.shutdown();
            assertThat(service.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.isShutdown()).isTrue();
            assertThat(service.isTerminated()).isTrue();
        }
    }
}
