package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.Log4j2Harness;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
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
 * Property 5, asynchronous logging, in this JVM's usual logger context: the {@code AsyncAppender} proofs every
 * backend runs ({@link AbstractAsyncAppenderTest}), and async loggers configured as {@code <AsyncRoot>} (mixed
 * sync/async), which only Log4j2 has. Log4j2 captures the context data when the event is created, on the logging
 * thread, so the IDs are right whatever thread writes the line later. Lambda may freeze the process as soon as the
 * handler returns, so a line still queued then is printed late, or never: the library waits at the end of each
 * invocation until the async loggers' ring buffer is empty (bounded). {@link AllAsyncLoggersTest} proves the same
 * with every logger asynchronous.
 */
class AsyncLoggingTest extends AbstractAsyncAppenderTest {
    static final Logger LOG = LogManager.getLogger(LOGGER);

    @Override
    protected LoggingHarness harness() {
        return Log4j2Harness.INSTANCE;
    }

    /** A handler that logs {@link #LINES_PER_HANDLER} lines through Log4j2 and returns. */
    static RequestHandler<Object, String> chattyHandler() {
        return chattyHandler(Log4j2Harness.INSTANCE.logger(LOGGER));
    }

    @AfterEach
    void restoreTheTestConfiguration() {
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

    @Test
    void with_async_root_a_failing_invocations_recorded_lines_are_written_when_the_handler_returns() {
        Configuration config = asyncRootConfiguration();
        SlowAppender slow = new SlowAppender(TimeUnit.MILLISECONDS.toNanos(2), null);
        slow.start();
        config.addAppender(slow);
        config.getRootLogger().addAppender(slow, Level.ALL, null);
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();

        recordedLinesAreWrittenWhenTheHandlerReturns(slow);
    }

    /**
     * Three failing invocations with the flight recorder, each logging 20 DEBUG lines through a slow appender: when
     * each handler has thrown, its recorded lines and its ERROR line are all written, none still queued.
     */
    static void recordedLinesAreWrittenWhenTheHandlerReturns(SlowAppender slow) {
        Correlation recording = Correlation.builder().flightRecorder(io.github.apigwcorrelation.LogLevel.DEBUG).build();
        for (int invocation = 0; invocation < 3; invocation++) {
            FakeContext context = new FakeContext();
            String id = context.getAwsRequestId();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> recording.wrap((Object event, Context c) -> {
                for (int line = 0; line < 20; line++) {
                    LOG.debug("{} debug {}", id, line);
                }
                throw new IllegalStateException(id + " fails");
            }).handleRequest(Map.of("requestContext", Map.of("requestId", "api-rec", "apiId", "w4hd8ru2l1")),
                    context)).hasMessage(id + " fails");

            List<String> received = slow.received();
            assertThat(received).as("recorded lines of invocation %d written when its handler returned", invocation)
                    .filteredOn(message -> message.startsWith(id + " debug ")).hasSize(20);
            assertThat(received).filteredOn(message -> message.startsWith("Handler failed") && message.contains(id))
                    .hasSize(1);
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
        asyncRootConfiguration();
        List<RealOutput.Line> lines = new ArrayList<>();
        RealOutput output = realOutput(lines);
        Log4j2Harness.INSTANCE.attach(output, null);

        long checked = everyLineCarriesItsInvocationsIds(Log4j2Harness.INSTANCE.logger(LOGGER), output, lines, () -> { });
        System.out.printf("[reliability] async root (AsyncLoggerConfig): %d lines checked, wrong 0%n", checked);
    }
}
