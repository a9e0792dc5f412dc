package io.github.apigwcorrelation;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterAttachableImpl;
import ch.qos.logback.core.spi.FilterReply;
import io.github.apigwcorrelation.logback.CorrelationJsonEncoder;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The shared proofs' harness on Logback: SLF4J, its {@code MDC}, the layouts of {@code docs/logback.md}. */
public final class LogbackHarness implements LoggingHarness {
    /** The Text pattern of {@code docs/logback.md} and the Logback sample's {@code logback.xml}, verbatim. */
    public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %printable(%X{AWSRequestId} APIG: "
            + "%X{ApiGatewayRequestId}%replace( ORIGIN: %X{OriginRequestId}){'^ ORIGIN: $', ''} - %-5level %logger{0} - "
            + "%msg%oneLineEx){}%n";
    public static final LogbackHarness INSTANCE = new LogbackHarness();

    private static final List<Way> CLEARS = List.of(
            way("MDC.clear()", MDC::clear),
            way("MDC.setContextMap(Map.of())", () -> MDC.setContextMap(Map.of())));
    private static final List<Writer> WRITERS = List.of(
            writer("MDC.put", MDC::put),
            writer("the logger context's MDC adapter", (key, value) -> loggerContext().getMDCAdapter().put(key, value)));

    private LogbackHarness() {}

    /** @return the logger context SLF4J is bound to */
    public static LoggerContext loggerContext() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @Override
    public String name() {
        return "Logback";
    }

    @Override
    public TestLogger logger(String name) {
        org.slf4j.Logger logger = LoggerFactory.getLogger(name);
        return new TestLogger() {
            @Override
            public void trace(String format, Object... arguments) {
                logger.trace(format, arguments);
            }

            @Override
            public void debug(String format, Object... arguments) {
                logger.debug(format, arguments);
            }

            @Override
            public boolean isDebugEnabled() {
                return logger.isDebugEnabled();
            }

            @Override
            public void debugLazily(java.util.function.Supplier<String> message) {
                logger.atDebug().setMessage(message).log();
            }

            @Override
            public void debugFluently(String message) {
                logger.atDebug().log(message);
            }

            @Override
            public void info(String format, Object... arguments) {
                logger.info(format, arguments);
            }

            @Override
            public void warn(String format, Object... arguments) {
                logger.warn(format, arguments);
            }

            @Override
            public void error(String message, Throwable thrown) {
                logger.error(message, thrown);
            }
        };
    }

    @Override
    public UserContext context() {
        return new UserContext() {
            @Override
            public void put(String key, String value) {
                MDC.put(key, value);
            }

            @Override
            public String get(String key) {
                return MDC.get(key);
            }

            @Override
            public Map<String, String> map() {
                Map<String, String> map = MDC.getCopyOfContextMap();
                return map == null ? Map.of() : map;
            }

            @Override
            public void clear() {
                MDC.clear();
            }

            @Override
            public void clearAll() {
                MDC.clear();
            }

            @Override
            public List<Way> clears() {
                return CLEARS;
            }

            @Override
            public List<Writer> writers() {
                return WRITERS;
            }
        };
    }

    @Override
    public boolean mirrorsLambdaRequestId() {
        return false;
    }

    private static Logger logger(String name, LoggerContext context) {
        return context.getLogger(name == null ? org.slf4j.Logger.ROOT_LOGGER_NAME : name);
    }

    @Override
    public CapturedLogs.Capture capture() {
        LoggerContext context = loggerContext();
        List<CapturedLogs.Line> lines = new ArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                // The MDC is read here, on the logging thread, as every synchronous appender reads it.
                Throwable thrown = event.getThrowableProxy() instanceof ThrowableProxy
                        ? ((ThrowableProxy) event.getThrowableProxy()).getThrowable() : null;
                CapturedLogs.Line line = new CapturedLogs.Line(event.getLevel().toString(), event.getLoggerName(),
                        event.getFormattedMessage(), new HashMap<>(event.getMDCPropertyMap()), event.getThreadName(),
                        thrown);
                synchronized (lines) {
                    lines.add(line);
                }
            }
        };
        appender.setName("captured");
        appender.setContext(context);
        appender.start();
        Logger root = logger(null, context);
        root.addAppender(appender);
        return new CapturedLogs.Capture() {
            @Override
            public List<CapturedLogs.Line> drain() {
                synchronized (lines) {
                    List<CapturedLogs.Line> copy = new ArrayList<>(lines);
                    lines.clear();
                    return copy;
                }
            }

            @Override
            public void close() {
                root.detachAppender(appender);
                appender.stop();
            }
        };
    }

    /** The documented Text pattern as a user's {@code logback.xml} configures it. */
    public static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    /** The library's JSON encoder. */
    public static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        CorrelationJsonEncoder json = new CorrelationJsonEncoder();
        json.setContext(context);
        json.start();
        return json;
    }

    /** An appender writing what {@code encoder} makes into {@code target}; started. */
    public static Appender<ILoggingEvent> streamAppender(LoggerContext context, String name, Encoder<ILoggingEvent> encoder,
            OutputStream target) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setName(name);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(target);
        appender.start();
        return appender;
    }

    private static List<Appender<ILoggingEvent>> realAppenders(LoggerContext context, RealOutput output) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        appenders.add(streamAppender(context, "real-text", textEncoder(context), output.text()));
        appenders.add(streamAppender(context, "real-json", jsonEncoder(context), output.json()));
        AppenderBase<ILoggingEvent> count = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                output.countEvent();
            }
        };
        count.setName("real-count");
        count.setContext(context);
        count.start();
        appenders.add(count);
        return appenders;
    }

    @Override
    public Attached attach(RealOutput output, String loggerName) {
        LoggerContext context = loggerContext();
        Logger logger = logger(loggerName, context);
        List<Appender<ILoggingEvent>> appenders = realAppenders(context, output);
        appenders.forEach(logger::addAppender);
        return () -> appenders.forEach(appender -> {
            logger.detachAppender(appender);
            appender.stop();
        });
    }

    /**
     * Logback's {@code AppenderBase} catches what {@code append} throws; an appender that implements
     * {@code doAppend} itself is the one whose exception reaches the logging call, as with Log4j2's
     * {@code ignoreExceptions="false"}.
     */
    @Override
    public Attached throwingAppenderOn(String loggerName) {
        LoggerContext context = loggerContext();
        int[] calls = {0};
        Appender<ILoggingEvent> throwing = new ThrowingAppender(calls);
        throwing.setContext(context);
        throwing.start();
        Logger logger = logger(loggerName, context);
        logger.addAppender(throwing);
        return () -> {
            logger.detachAppender(throwing);
            throwing.stop();
            if (calls[0] == 0) {
                throw new AssertionError("the throwing appender was never called");
            }
        };
    }

    @Override
    public Attached asyncAppenderInFrontOf(RealOutput output) {
        LoggerContext context = loggerContext();
        List<AsyncAppender> asyncs = new ArrayList<>();
        // Logback's AsyncAppender takes one appender: one in front of each.
        for (Appender<ILoggingEvent> behind : realAppenders(context, output)) {
            asyncs.add(async(context, behind));
        }
        return close(context, asyncs);
    }

    @Override
    public Attached asyncAppenderInFrontOfGated(CountDownLatch gate, List<String> messages) {
        LoggerContext context = loggerContext();
        AppenderBase<ILoggingEvent> gated = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (messages) {
                    messages.add(event.getFormattedMessage());
                }
            }
        };
        gated.setName("gated");
        gated.setContext(context);
        gated.start();
        return close(context, List.of(async(context, gated)));
    }

    /** Blocking and discarding nothing, so the proof checks the IDs of every line. */
    private static AsyncAppender async(LoggerContext context, Appender<ILoggingEvent> behind) {
        AsyncAppender async = new AsyncAppender();
        async.setName("async-" + behind.getName());
        async.setContext(context);
        async.setQueueSize(1024);
        async.setDiscardingThreshold(0);
        async.setMaxFlushTime(30_000);
        async.addAppender(behind);
        async.start();
        logger(null, context).addAppender(async);
        return async;
    }

    private static Attached close(LoggerContext context, List<AsyncAppender> asyncs) {
        return () -> asyncs.forEach(async -> {
            if (async.isStarted()) {
                logger(null, context).detachAppender(async);
                async.stop(); // writes what is still queued, then stops the appender behind it
            }
        });
    }

    /** Throws from {@code doAppend}, which Logback does not guard. */
    private static final class ThrowingAppender extends ContextAwareBase implements Appender<ILoggingEvent> {
        private final int[] calls;
        private final FilterAttachableImpl<ILoggingEvent> filters = new FilterAttachableImpl<>();
        private volatile boolean started;

        ThrowingAppender(int[] calls) {
            this.calls = calls;
        }

        @Override
        public void doAppend(ILoggingEvent event) {
            synchronized (calls) {
                calls[0]++;
            }
            throw new IllegalStateException("appender down");
        }

        @Override
        public String getName() {
            return "throwing";
        }

        @Override
        public void setName(String name) {}

        @Override
        public void start() {
            started = true;
        }

        @Override
        public void stop() {
            started = false;
        }

        @Override
        public boolean isStarted() {
            return started;
        }

        @Override
        public void addFilter(ch.qos.logback.core.filter.Filter<ILoggingEvent> newFilter) {
            filters.addFilter(newFilter);
        }

        @Override
        public void clearAllFilters() {
            filters.clearAllFilters();
        }

        @Override
        public List<ch.qos.logback.core.filter.Filter<ILoggingEvent>> getCopyOfAttachedFiltersList() {
            return filters.getCopyOfAttachedFiltersList();
        }

        @Override
        public FilterReply getFilterChainDecision(ILoggingEvent event) {
            return filters.getFilterChainDecision(event);
        }
    }

    private static Way way(String name, Runnable action) {
        return new Way() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run() {
                action.run();
            }
        };
    }

    private static Writer writer(String name, BiConsumer<String, String> action) {
        return new Writer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void put(String key, String value) {
                action.accept(key, value);
            }
        };
    }
}
