package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.Propagation;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property 5, asynchronous logging through the backend's {@code AsyncAppender}. The event's context is captured
 * on the logging thread (Log4j2 when it creates the event, Logback in {@code prepareForDeferredProcessing()}), so
 * the IDs are right whatever thread writes the line later. But Lambda may freeze the process as soon as the
 * handler returns, and neither backend's {@code AsyncAppender} offers a way to wait for its last event (its
 * worker takes events off the queue before writing them): its lines can still be queued then, so the READMEs say
 * not to use it in Lambda, and the second test shows why.
 */
public abstract class AbstractAsyncAppenderTest {
    public static final String LOGGER = "orders.AsyncHandler";
    public static final int LINES_PER_HANDLER = 20;

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    /** A handler that logs {@link #LINES_PER_HANDLER} lines and returns. */
    public static RequestHandler<Object, String> chattyHandler(TestLogger log) {
        return Correlation.defaults().wrap((Object event, Context context) -> {
            for (int i = 0; i < LINES_PER_HANDLER; i++) {
                log.info("line {} of {}", i, context.getAwsRequestId());
            }
            return "done";
        });
    }

    /**
     * Runs invocations on 8 threads, each logging from the handler and a propagated worker, then checks every
     * line that {@code output} printed against the invocation that logged it.
     *
     * @param settle called after the last invocation returned, before the output is checked
     * @return the number of lines checked
     */
    public static long everyLineCarriesItsInvocationsIds(TestLogger log, RealOutput output, List<RealOutput.Line> lines,
            Runnable settle) throws Exception {
        int invocations = 1_600;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        ExecutorService pool = Propagation.wrapExecutorService(Executors.newFixedThreadPool(4));
        AtomicInteger next = new AtomicInteger();
        RequestHandler<Map<String, Object>, String> handler = Correlation.defaults().wrap((event, context) -> {
            Object n = event.get("n");
            log.info("inv={} handler", n);
            try {
                pool.submit(() -> log.info("inv={} worker", n)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return "ok";
        });
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(callers.submit(() -> {
                for (int n = next.getAndIncrement(); n < invocations; n = next.getAndIncrement()) {
                    handler.handleRequest(Map.of("n", n, "requestContext", Map.of("requestId", "api-" + n, "apiId", "w4hd8ru2l1")),
                            new FakeContext("lambda-" + n));
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get(5, TimeUnit.MINUTES);
        }
        callers.shutdown();
        pool.shutdown();
        settle.run();
        List<RealOutput.Line> printed;
        synchronized (lines) {
            printed = new ArrayList<>(lines);
        }
        AtomicLong wrong = new AtomicLong();
        for (RealOutput.Line line : printed) {
            String message = line.message();
            String n = message.startsWith("inv=") ? message.substring(4, message.indexOf(' '))
                    : message.substring(message.lastIndexOf("lambda-") + 7);
            if (!("lambda-" + n).equals(line.lambdaId()) || !("api-" + n).equals(line.apiGatewayId())) {
                wrong.incrementAndGet();
            }
        }
        assertThat(output.rejected()).isEmpty();
        assertThat(wrong.get()).as("lines with another invocation's IDs").isZero();
        assertThat(printed).as("3 lines per invocation, text and JSON").hasSize(3 * invocations * 2);
        return printed.size();
    }

    /** @return a real output whose parsed lines go to {@code lines} */
    public static RealOutput realOutput(List<RealOutput.Line> lines) {
        return new RealOutput(line -> {
            synchronized (lines) {
                lines.add(line);
            }
        });
    }

    @Test
    void through_an_async_appender_every_line_carries_the_ids_of_the_invocation_that_logged_it() throws Exception {
        List<RealOutput.Line> lines = new ArrayList<>();
        RealOutput output = realOutput(lines);
        LoggingHarness.Attached async = harness().asyncAppenderInFrontOf(output);
        long checked;
        try {
            checked = everyLineCarriesItsInvocationsIds(harness().logger(LOGGER), output, lines, async::close);
        } finally {
            async.close();
        }
        System.out.printf("[reliability] %s AsyncAppender: %d lines checked, wrong 0%n", harness().name(), checked);
    }

    /**
     * Why the READMEs say not to use an {@code AsyncAppender} in Lambda: it exposes no way to wait until its last
     * event is written, and when the handler returns its lines can still be in its queue.
     */
    @Test
    void an_async_appender_can_still_hold_an_invocations_lines_when_the_handler_returns() {
        CountDownLatch pipeBusy = new CountDownLatch(1);
        List<String> written = new ArrayList<>();
        LoggingHarness.Attached async = harness().asyncAppenderInFrontOfGated(pipeBusy, written);
        FakeContext lambda = new FakeContext();
        try {
            chattyHandler(harness().logger(LOGGER)).handleRequest(
                    Map.of("requestContext", Map.of("requestId", "api-1", "apiId", "w4hd8ru2l1")), lambda);

            synchronized (written) {
                assertThat(written).as("written when the handler returned").isEmpty();
            }
        } finally {
            pipeBusy.countDown();
            async.close();
        }
        synchronized (written) {
            assertThat(written).as("written later, when Lambda may have frozen the process")
                    .filteredOn(message -> message.contains(lambda.getAwsRequestId())).hasSize(LINES_PER_HANDLER + 1);
        }
    }
}
