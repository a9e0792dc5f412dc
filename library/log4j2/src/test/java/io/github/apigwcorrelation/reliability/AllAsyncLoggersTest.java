package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.Log4j2Harness;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLogger;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Property 5 with every logger asynchronous ({@code log4j2.contextSelector=AsyncLoggerContextSelector}, set for
 * this class's own JVM by the {@code async-loggers} surefire execution): each line carries the IDs of the
 * invocation that logged it, and none is still in the ring buffer when the handler returns.
 */
@Tag("own-jvm-async-loggers")
class AllAsyncLoggersTest {

    private static Configuration asyncContext() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        assertThat(context).as("this JVM runs with AsyncLoggerContextSelector").isInstanceOf(AsyncLoggerContext.class);
        assertThat(AsyncLoggingTest.LOG).isInstanceOf(AsyncLogger.class);
        return context.getConfiguration();
    }

    @Test
    void no_line_of_an_invocation_is_still_queued_when_the_handler_returns() {
        Configuration config = asyncContext();
        AsyncLoggingTest.SlowAppender slow = new AsyncLoggingTest.SlowAppender(TimeUnit.MILLISECONDS.toNanos(2), null);
        slow.start();
        config.addAppender(slow);
        config.getRootLogger().addAppender(slow, Level.ALL, null);
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        try {
            for (int invocation = 0; invocation < 3; invocation++) {
                FakeContext context = new FakeContext();
                AsyncLoggingTest.chattyHandler().handleRequest(
                        Map.of("requestContext", Map.of("requestId", "api-" + invocation, "apiId", "w4hd8ru2l1")),
                        context);

                assertThat(slow.received()).as("lines of invocation %d written when its handler returned", invocation)
                        .filteredOn(message -> message.contains(context.getAwsRequestId()))
                        .hasSize(AsyncLoggingTest.LINES_PER_HANDLER + 1);
            }
        } finally {
            config.getRootLogger().removeAppender("slow");
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        }
    }

    @Test
    void a_failing_invocations_recorded_lines_are_written_when_the_handler_returns() {
        Configuration config = asyncContext();
        AsyncLoggingTest.SlowAppender slow = new AsyncLoggingTest.SlowAppender(TimeUnit.MILLISECONDS.toNanos(2), null);
        slow.start();
        config.addAppender(slow);
        config.getRootLogger().addAppender(slow, Level.ALL, null);
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        try {
            AsyncLoggingTest.recordedLinesAreWrittenWhenTheHandlerReturns(slow);
        } finally {
            config.getRootLogger().removeAppender("slow");
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        }
    }

    @Test
    void every_line_carries_the_ids_of_the_invocation_that_logged_it() throws Exception {
        asyncContext();
        List<RealOutput.Line> lines = new ArrayList<>();
        RealOutput output = AbstractAsyncAppenderTest.realOutput(lines);
        try (LoggingHarness.Attached ignored = Log4j2Harness.INSTANCE.attach(output, null)) {
            long checked = AbstractAsyncAppenderTest.everyLineCarriesItsInvocationsIds(
                    Log4j2Harness.INSTANCE.logger(AbstractAsyncAppenderTest.LOGGER), output, lines, () -> { });
            System.out.printf("[reliability] all loggers async (AsyncLoggerContextSelector): %d lines checked, "
                    + "wrong 0%n", checked);
        }
    }
}
