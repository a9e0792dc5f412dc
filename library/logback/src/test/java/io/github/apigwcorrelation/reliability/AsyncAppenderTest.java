package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.testing.LoggingHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link AbstractAsyncAppenderTest} on Logback, plus a second reason its docs give not to use Logback's
 * {@code AsyncAppender} in Lambda: as configured by default it drops TRACE, DEBUG and INFO events once its queue is
 * four-fifths full.
 */
class AsyncAppenderTest extends AbstractAsyncAppenderTest {
    @Override
    protected LoggingHarness harness() {
        return LogbackHarness.INSTANCE;
    }

    @Test
    void with_its_defaults_logbacks_async_appender_drops_info_lines_when_its_queue_fills() {
        LoggerContext context = LogbackHarness.loggerContext();
        CountDownLatch pipeBusy = new CountDownLatch(1);
        List<String> written = new ArrayList<>();
        AppenderBase<ILoggingEvent> slow = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    pipeBusy.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (written) {
                    written.add(event.getFormattedMessage());
                }
            }
        };
        slow.setContext(context);
        slow.start();
        AsyncAppender async = new AsyncAppender(); // queueSize 256, discardingThreshold 51, as in a user's logback.xml
        async.setContext(context);
        async.addAppender(slow);
        async.setMaxFlushTime(30_000);
        async.start();
        Logger burst = context.getLogger("orders.Burst");
        burst.setAdditive(false);
        burst.addAppender(async);
        try {
            for (int i = 0; i < 1_000; i++) {
                LoggerFactory.getLogger("orders.Burst").info("line {}", i);
            }
        } finally {
            pipeBusy.countDown();
            burst.detachAppender(async);
            async.stop();
            burst.setAdditive(true);
        }
        System.out.printf("[reliability] Logback AsyncAppender with its defaults: %d of 1000 INFO lines written%n",
                written.size());
        assertThat(written).as("INFO lines written of the 1,000 logged").hasSizeLessThan(1_000)
                .contains("line 0").doesNotContain("line 999");
    }
}
