package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.Propagation;
import java.time.Duration;
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
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property 5, asynchronous logging, in this JVM's usual logger context: an {@code AsyncAppender}, and async
 * loggers configured as {@code <AsyncRoot>} (mixed sync/async). Log4j2 captures the context data when the event
 * is created, on the logging thread, so the IDs are right whatever thread writes the line later. Lambda may
 * freeze the process as soon as the handler returns, so a line still queued then is printed late, or never:
 * the library waits at the end of each invocation until the async loggers' ring buffer is empty (bounded), and
 * an {@code AsyncAppender} offers no way to wait for its last event, so it must not be used in Lambda.
 * {@link AllAsyncLoggersTest} proves the same with every logger asynchronous.
 */
class AsyncLoggingTest {
    static final Logger LOG = LogManager.getLogger("orders.AsyncHandler");
    static final int LINES_PER_HANDLER = 20;

    @AfterEach
    void restoreTheTestConfiguration() {
        ThreadContext.clearAll();
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    /** An appender as slow as a congested pipe: it takes a while per event and remembers each message. */
    static final class SlowAppender extends AbstractAppender {
        final List<String> messages = new ArrayList<>();
        private final long nanosPerEvent;
        private final CountDownLatch gate;

        SlowAppender(long nanosPerEvent, CountDownLatch gate) {
            super("slow", null, null, false, Property.EMPTY_ARRAY);
            this.nanosPerEvent = nanosPerEvent;
            this.gate = gate;
        }

        @Override
        public void append(LogEvent event) {
            try {
                if (gate != null) {
                    gate.await(30, TimeUnit.SECONDS);
                }
                TimeUnit.NANOSECONDS.sleep(nanosPerEvent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (messages) {
                messages.add(event.getMessage().getFormattedMessage());
            }
        }

        List<String> received() {
            synchronized (messages) {
                return new ArrayList<>(messages);
            }
        }
    }

    /** A handler that logs {@link #LINES_PER_HANDLER} lines and returns. */
    static RequestHandler<Object, String> chattyHandler() {
        return Correlation.defaults().wrap((Object event, Context context) -> {
            for (int i = 0; i < LINES_PER_HANDLER; i++) {
                LOG.info("line {} of {}", i, context.getAwsRequestId());
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
    static long everyLineCarriesItsInvocationsIds(RealOutput output, List<RealOutput.Line> lines, Runnable settle)
            throws Exception {
        int invocations = 1_600;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        ExecutorService pool = Propagation.wrapExecutorService(Executors.newFixedThreadPool(4));
        AtomicInteger next = new AtomicInteger();
        RequestHandler<Map<String, Object>, String> handler = Correlation.defaults().wrap((event, context) -> {
            Object n = event.get("n");
            LOG.info("inv={} handler", n);
            try {
                pool.submit(() -> LOG.info("inv={} worker", n)).get(30, TimeUnit.SECONDS);
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

    static RealOutput realOutput(Configuration config, List<RealOutput.Line> lines) {
        return new RealOutput(config, "async-out", line -> {
            synchronized (lines) {
                lines.add(line);
            }
        });
    }

    /** Swaps the context's configuration for one whose root is an {@code AsyncLoggerConfig}: {@code <AsyncRoot>}. */
    private static Configuration asyncRootConfiguration() {
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setConfigurationName("async-root").setStatusLevel(Level.WARN);
        builder.add(builder.newAsyncRootLogger(Level.INFO));
        Configurator.reconfigure(builder.build());
        Configuration config = ((LoggerContext) LogManager.getContext(false)).getConfiguration();
        assertThat(config.getRootLogger()).isInstanceOf(AsyncLoggerConfig.class);
        return config;
    }

    @Test
    void with_async_root_no_line_of_an_invocation_is_still_queued_when_the_handler_returns() {
        Configuration config = asyncRootConfiguration();
        SlowAppender slow = new SlowAppender(TimeUnit.MILLISECONDS.toNanos(2), null);
        slow.start();
        config.addAppender(slow);
        config.getRootLogger().addAppender(slow, Level.ALL, null);
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();

        for (int invocation = 0; invocation < 3; invocation++) {
            FakeContext context = new FakeContext();
            chattyHandler().handleRequest(Map.of("requestContext", Map.of("requestId", "api-" + invocation, "apiId", "w4hd8ru2l1")), context);

            assertThat(slow.received()).as("lines of invocation %d written when its handler returned", invocation)
                    .filteredOn(message -> message.contains(context.getAwsRequestId())).hasSize(LINES_PER_HANDLER + 1);
        }
    }

    /**
     * The end of an invocation waits for the lines logged before it, not for lines other threads keep logging:
     * a background thread logs through the same slow appender until the handler has returned. Before, the wait
     * lasted as long as the ring buffer was not empty, so the two waited for each other.
     */
    @Test
    void with_async_root_a_thread_that_keeps_logging_cannot_hold_back_the_handlers_return() throws Exception {
        Configuration config = asyncRootConfiguration();
        SlowAppender slow = new SlowAppender(TimeUnit.MICROSECONDS.toNanos(300), null);
        slow.start();
        config.addAppender(slow);
        config.getRootLogger().addAppender(slow, Level.ALL, null);
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        CountDownLatch returned = new CountDownLatch(1);
        AtomicLong logged = new AtomicLong();
        Thread background = new Thread(() -> {
            while (returned.getCount() > 0) {
                LOG.info("background line {}", logged.incrementAndGet());
            }
        }, "chatty-background");
        background.start();
        while (logged.get() < 2_000) {
            Thread.onSpinWait(); // a backlog of the background thread's lines is queued before the handler runs
        }
        FakeContext context = new FakeContext();
        long[] atReturn = new long[2];

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            chattyHandler().handleRequest(Map.of("requestContext", Map.of("requestId", "api-chatty",
                    "apiId", "w4hd8ru2l1")), context);
            atReturn[0] = logged.get();
            atReturn[1] = slow.received().stream().filter(message -> message.startsWith("background")).count();
            returned.countDown();
        });
        background.join(30_000);

        assertThat(slow.received()).as("the handler's lines, written when it returned")
                .filteredOn(message -> message.contains(context.getAwsRequestId())).hasSize(LINES_PER_HANDLER + 1);
        assertThat(atReturn[1]).as("background lines written when the handler returned, of %d logged", atReturn[0])
                .isLessThan(atReturn[0]);
    }

    @Test
    void with_async_root_every_line_carries_the_ids_of_the_invocation_that_logged_it() throws Exception {
        Configuration config = asyncRootConfiguration();
        List<RealOutput.Line> lines = new ArrayList<>();
        RealOutput output = realOutput(config, lines);
        output.attachTo(config.getRootLogger());
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();

        long checked = everyLineCarriesItsInvocationsIds(output, lines, () -> { });
        System.out.printf("[reliability] async root (AsyncLoggerConfig): %d lines checked, wrong 0%n", checked);
    }

    @Test
    void through_an_async_appender_every_line_carries_the_ids_of_the_invocation_that_logged_it() throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        List<RealOutput.Line> lines = new ArrayList<>();
        RealOutput output = realOutput(config, lines);
        AsyncAppender async = asyncAppender(config, output.appenders().stream().map(a -> a.getName()).toArray(String[]::new));
        config.getRootLogger().addAppender(async, Level.ALL, null);
        context.updateLoggers();

        long checked = everyLineCarriesItsInvocationsIds(output, lines, () -> async.stop(30, TimeUnit.SECONDS));
        System.out.printf("[reliability] AsyncAppender: %d lines checked, wrong 0%n", checked);
    }

    /**
     * Why the README says not to use an {@code AsyncAppender} in Lambda: it exposes no way to wait until its
     * last event is written, and when the handler returns its lines can still be in its queue.
     */
    @Test
    void an_async_appender_can_still_hold_an_invocations_lines_when_the_handler_returns() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        CountDownLatch pipeBusy = new CountDownLatch(1);
        SlowAppender slow = new SlowAppender(0, pipeBusy);
        slow.start();
        config.addAppender(slow);
        AsyncAppender async = asyncAppender(config, "slow");
        config.getRootLogger().addAppender(async, Level.ALL, null);
        context.updateLoggers();
        FakeContext lambda = new FakeContext();

        chattyHandler().handleRequest(Map.of("requestContext", Map.of("requestId", "api-1", "apiId", "w4hd8ru2l1")), lambda);

        assertThat(slow.received()).as("written when the handler returned").isEmpty();
        pipeBusy.countDown();
        async.stop(30, TimeUnit.SECONDS);
        assertThat(slow.received()).as("written later, when Lambda may have frozen the process")
                .filteredOn(message -> message.contains(lambda.getAwsRequestId())).hasSize(LINES_PER_HANDLER + 1);
    }

    private static AsyncAppender asyncAppender(Configuration config, String... refs) {
        AppenderRef[] appenderRefs = new AppenderRef[refs.length];
        for (int i = 0; i < refs.length; i++) {
            appenderRefs[i] = AppenderRef.createAppenderRef(refs[i], null, null);
        }
        AsyncAppender async = AsyncAppender.newBuilder().setName("async").setAppenderRefs(appenderRefs)
                .setConfiguration(config).setBlocking(true).setBufferSize(1024).build();
        async.start();
        config.addAppender(async);
        return async;
    }
}
