package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.Propagation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.Test;

/**
 * Property 1, no line is mislabelled under load: 16 threads run invocations back to back (one handler instance,
 * as Lambda Managed Instances do), each logging from the handler and from two tasks on a shared pool wrapped by
 * {@link Propagation}; one invocation in ten throws; a quarter come in as raw streams. Every printed line, in
 * the text pattern and in the JSON template, is parsed and checked against the invocation that wrote it.
 *
 * <p>Every invocation also logs two DEBUG lines (the root is at INFO): without the flight recorder none may print;
 * with it, exactly those of the failing invocations, once each, with that invocation's IDs (issue 10's proof that
 * recorders never cross under concurrency).
 *
 * <p>{@code -Dreliability.lines=N} sets how many events to log (default: a smoke run of 20,000; the long run in
 * RELIABILITY.md logs 1,000,000).
 */
public abstract class AbstractMislabellingUnderLoadTest {
    private static final int THREADS = 16;
    /** Set from the harness when the test starts; the handlers below are static. */
    private static volatile TestLogger HANDLER_LOG;
    private static volatile TestLogger WORKER_LOG;
    private static volatile LoggingHarness HARNESS;
    /** Invocation line, handler start, two worker lines, handler end; plus the ERROR line when it throws. */
    private static final int LINES_PER_INVOCATION = 5;
    /** The DEBUG lines of each invocation: printed only by the recorder of one that fails. */
    private static final int DEBUG_LINES_PER_INVOCATION = 2;
    private static final Pattern INV = Pattern.compile("inv=(\\d+) ");
    private static final Pattern LAMBDA_IN_MESSAGE = Pattern.compile("Lambda Request ID: ([0-9a-f]{8})-1111-");

    static String lambdaId(int n) {
        return String.format("%08x-1111-4111-8111-%012x", n, n * 7919L);
    }

    static String apiGatewayId(int n) {
        return String.format("%08x-2222-4222-8222-%012x", n, n * 104729L);
    }

    static String extendedId(int n) {
        return "Fy" + Integer.toString(n, 36) + "EJmA=";
    }

    static boolean throwsOn(int n) {
        return n % 10 == 0;
    }

    static boolean streamed(int n) {
        return n % 4 == 3;
    }

    /** The typed handler: logs, fans out to the shared pool, sometimes clears the ThreadContext, sometimes throws. */
    static final class OrderHandler extends CorrelatedRequestHandler<APIGatewayProxyRequestEvent, String> {
        private final ExecutorService pool;

        OrderHandler(Correlation correlation, ExecutorService pool) {
            super(correlation);
            this.pool = pool;
        }

        @Override
        protected String handle(APIGatewayProxyRequestEvent event, Context context) {
            return work(Integer.parseInt(event.getPathParameters().get("inv")), pool);
        }
    }

    static String work(int n, ExecutorService pool) {
        HANDLER_LOG.info("inv={} handler start", n);
        HANDLER_LOG.debug("inv={} handler debug", n);
        Future<?> first = pool.submit(() -> {
            WORKER_LOG.info("inv={} worker submit", n);
            WORKER_LOG.debug("inv={} worker debug", n);
        });
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            WORKER_LOG.info("inv={} worker supplyAsync", n);
            return "priced";
        }, pool);
        try {
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (n % 3 == 0) {
            HARNESS.context().clear();
        }
        HANDLER_LOG.info("inv={} handler end", n);
        if (throwsOn(n)) {
            throw new IllegalStateException("inv=" + n + " fails on purpose");
        }
        return "ok " + n;
    }

    private static APIGatewayProxyRequestEvent restEvent(int n) {
        return new APIGatewayProxyRequestEvent().withPathParameters(Map.of("inv", Integer.toString(n)))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(apiGatewayId(n)).withExtendedRequestId(extendedId(n)).withApiId("w4hd8ru2l1"));
    }

    private static byte[] rawEvent(int n) {
        return ("{\"resource\":\"/orders\",\"pathParameters\":{\"inv\":\"" + n + "\"},\"requestContext\":{\"apiId\":\"w4hd8ru2l1\",\"requestId\":\""
                + apiGatewayId(n) + "\",\"extendedRequestId\":\"" + extendedId(n) + "\"},\"body\":\"" + "x".repeat(n % 300)
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Checks each parsed line against the invocation it names; counts lines per invocation and format. */
    static final class Checker {
        final AtomicIntegerArray text;
        final AtomicIntegerArray json;
        final AtomicLong checked = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final AtomicLong withoutIds = new AtomicLong();
        final AtomicLong unattributed = new AtomicLong();
        final List<String> examples = new ArrayList<>();
        private final boolean recording;

        Checker(int invocations, boolean recording) {
            text = new AtomicIntegerArray(invocations);
            json = new AtomicIntegerArray(invocations);
            this.recording = recording;
        }

        int expected(int n) {
            return LINES_PER_INVOCATION + (throwsOn(n) ? 1 + (recording ? DEBUG_LINES_PER_INVOCATION : 0) : 0);
        }

        void check(RealOutput.Line line) {
            checked.incrementAndGet();
            int n = invocationOf(line.message());
            if (n < 0 || n >= text.length()) {
                unattributed.incrementAndGet();
                example("unattributed", line);
                return;
            }
            (line.format() == RealOutput.Format.TEXT ? text : json).incrementAndGet(n);
            if (line.lambdaId() == null || line.lambdaId().isEmpty() || line.lambdaId().equals("-")
                    || line.apiGatewayId() == null || line.apiGatewayId().isEmpty() || line.apiGatewayId().equals("-")) {
                withoutIds.incrementAndGet();
                example("without IDs", line);
            } else if (!line.lambdaId().equals(lambdaId(n)) || !line.apiGatewayId().equals(apiGatewayId(n))
                    || line.format() == RealOutput.Format.JSON && !extendedId(n).equals(line.extendedId())) {
                wrong.incrementAndGet();
                example("wrong IDs for inv=" + n, line);
            }
        }

        private static int invocationOf(String message) {
            if (message == null) {
                return -1;
            }
            Matcher inv = INV.matcher(message);
            if (inv.find()) {
                return Integer.parseInt(inv.group(1));
            }
            Matcher lambda = LAMBDA_IN_MESSAGE.matcher(message);
            return lambda.find() ? Integer.parseInt(lambda.group(1), 16) : -1;
        }

        private void example(String what, RealOutput.Line line) {
            synchronized (examples) {
                if (examples.size() < 20) {
                    examples.add(what + ": " + line.raw());
                }
            }
        }

        long missing() {
            long missing = 0;
            for (int n = 0; n < text.length(); n++) {
                missing += Math.max(0, expected(n) - text.get(n)) + Math.max(0, expected(n) - json.get(n));
            }
            return missing;
        }

        long extra() {
            long extra = 0;
            for (int n = 0; n < text.length(); n++) {
                extra += Math.max(0, text.get(n) - expected(n)) + Math.max(0, json.get(n) - expected(n));
            }
            return extra;
        }
    }

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @Test
    void sixteen_threads_of_back_to_back_invocations_print_every_line_with_the_ids_of_the_invocation_that_wrote_it()
            throws Exception {
        run(Correlation.defaults(), false);
    }

    @Test
    void with_the_flight_recorder_the_failing_invocations_debug_lines_print_once_with_their_ids_and_no_others()
            throws Exception {
        run(Correlation.builder().flightRecorder(io.github.apigwcorrelation.LogLevel.DEBUG).build(), true);
    }

    private void run(Correlation correlation, boolean recording) throws Exception {
        int targetEvents = Integer.getInteger("reliability.lines", 20_000);
        double perInvocation = LINES_PER_INVOCATION + 0.1 + (recording ? 0.1 * DEBUG_LINES_PER_INVOCATION : 0);
        int invocations = (int) Math.ceil(targetEvents / perInvocation);
        Checker checker = new Checker(invocations, recording);
        HARNESS = harness();
        HANDLER_LOG = HARNESS.logger("orders.OrderHandler");
        WORKER_LOG = HARNESS.logger("orders.PricingWorker");
        RealOutput output = new RealOutput(checker::check);
        LoggingHarness.Attached attached = HARNESS.attach(output, null);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        ExecutorService pool = Propagation.wrapExecutorService(workers);
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        OrderHandler typed = new OrderHandler(correlation, pool);
        RequestStreamHandler stream = correlation.wrap((in, out, ctx) -> {
            byte[] bytes = in.readAllBytes();
            String json = new String(bytes, StandardCharsets.UTF_8);
            int n = Integer.parseInt(json.substring(json.indexOf("\"inv\":\"") + 7, json.indexOf("\"}")));
            if (!java.util.Arrays.equals(bytes, rawEvent(n))) {
                throw new AssertionError("the stream handler did not get the bytes of inv=" + n);
            }
            out.write(work(n, pool).getBytes(StandardCharsets.UTF_8));
        });
        AtomicInteger next = new AtomicInteger();
        AtomicLong threw = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> threads = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                threads.add(callers.submit(() -> {
                    for (int n = next.getAndIncrement(); n < invocations; n = next.getAndIncrement()) {
                        try {
                            if (streamed(n)) {
                                stream.handleRequest(new ByteArrayInputStream(rawEvent(n)), new ByteArrayOutputStream(),
                                        new FakeContext(lambdaId(n)));
                            } else {
                                typed.handleRequest(restEvent(n), new FakeContext(lambdaId(n)));
                            }
                            if (throwsOn(n)) {
                                unexpected.incrementAndGet();
                            }
                        } catch (IllegalStateException e) {
                            if (throwsOn(n) && e.getMessage().equals("inv=" + n + " fails on purpose")) {
                                threw.incrementAndGet();
                            } else {
                                unexpected.incrementAndGet();
                            }
                        } catch (Exception e) {
                            unexpected.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> thread : threads) {
                thread.get(30, TimeUnit.MINUTES);
            }
        } finally {
            callers.shutdownNow();
            pool.shutdownNow();
            attached.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("[reliability] " + HARNESS.name() + " mislabelling under load"
                        + (recording ? " with the flight recorder" : "") + ": %d threads, %d invocations (%d threw, %d streamed), "
                        + "%d events, %d lines checked (%d text + %d JSON), wrong %d, without IDs %d, missing %d, "
                        + "extra %d, unparsable %d, in %.1f s%n", THREADS, invocations, threw.get(),
                (invocations + 1) / 4, output.events(), checker.checked.get(), output.textLines(), output.jsonLines(),
                checker.wrong.get(), checker.withoutIds.get(), checker.missing(), checker.extra(),
                output.rejectedLines(), seconds);
        assertThat(output.rejected()).as("lines that do not parse").isEmpty();
        assertThat(checker.examples).as("mislabelled, unlabelled or unattributed lines").isEmpty();
        assertThat(unexpected.get()).as("invocations that ended other than planned").isZero();
        assertThat(threw.get()).isEqualTo((invocations + 9) / 10);
        assertThat(checker.wrong.get()).isZero();
        assertThat(checker.withoutIds.get()).isZero();
        assertThat(checker.unattributed.get()).isZero();
        assertThat(checker.missing()).as("lines missing").isZero();
        assertThat(checker.extra()).as("lines printed more than once").isZero();
        assertThat(output.textLines()).as("one text line per event").isEqualTo(output.events());
        assertThat(output.jsonLines()).as("one JSON line per event").isEqualTo(output.events());
        assertThat(output.events()).isGreaterThanOrEqualTo(targetEvents);
    }
}
