package io.github.apigwcorrelation;

import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.slf4j.MDC;

/** The shared proofs' harness on Log4j2: its API, its {@code ThreadContext}, the README's layouts. */
public final class Log4j2Harness implements LoggingHarness {
    /** The text pattern of the README and the sample's {@code log4j2.xml}, verbatim. */
    public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %printable{%X{AWSRequestId} APIG: "
            + "%X{ApiGatewayRequestId}%notEmpty{ ORIGIN: %X{OriginRequestId}} - %-5level %c{1} - %m}%notEmpty{ %printable{%throwable{separator( | )}}}%n";
    public static final String JSON_TEMPLATE = "classpath:apigw-correlation-layout.json";
    public static final Log4j2Harness INSTANCE = new Log4j2Harness();

    private static final List<Way> CLEARS = List.of(
            way("ThreadContext.clearMap()", ThreadContext::clearMap),
            way("SLF4J MDC.clear()", MDC::clear),
            way("ThreadContext.clearAll()", ThreadContext::clearAll));
    private static final List<Writer> WRITERS = List.of(
            writer("ThreadContext.put", ThreadContext::put),
            writer("SLF4J MDC.put", MDC::put));

    private Log4j2Harness() {}

    @Override
    public String name() {
        return "Log4j2";
    }

    @Override
    public TestLogger logger(String name) {
        Logger logger = LogManager.getLogger(name);
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
                logger.debug((org.apache.logging.log4j.util.Supplier<?>) message::get);
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
                ThreadContext.put(key, value);
            }

            @Override
            public String get(String key) {
                return ThreadContext.get(key);
            }

            @Override
            public Map<String, String> map() {
                return ThreadContext.getContext();
            }

            @Override
            public void clear() {
                ThreadContext.clearMap();
            }

            @Override
            public void clearAll() {
                ThreadContext.clearAll();
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
        return true;
    }

    private static LoggerContext loggerContext() {
        return (LoggerContext) LogManager.getContext(false);
    }

    @Override
    public CapturedLogs.Capture capture() {
        LoggerContext context = loggerContext();
        Configuration config = context.getConfiguration();
        List<CapturedLogs.Line> lines = new ArrayList<>();
        Appender appender = new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                LogEvent copy = event.toImmutable();
                synchronized (lines) {
                    lines.add(new CapturedLogs.Line(copy.getLevel().name(), copy.getLoggerName(),
                            copy.getMessage().getFormattedMessage(), copy.getContextData().toMap(),
                            copy.getThreadName(), copy.getThrown()));
                }
            }
        };
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
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
                LoggerContext current = loggerContext();
                current.getConfiguration().getRootLogger().removeAppender("captured");
                current.updateLoggers();
                appender.stop();
            }
        };
    }

    /** The README's two layouts writing into {@code output}, and a counter; started, in the config, not attached. */
    private static List<Appender> realAppenders(Configuration config, RealOutput output, String name) {
        Layout<String> text = PatternLayout.newBuilder().withConfiguration(config).withPattern(TEXT_PATTERN).build();
        JsonTemplateLayout json = JsonTemplateLayout.newBuilder().setConfiguration(config)
                .setEventTemplateUri(JSON_TEMPLATE).build();
        List<Appender> appenders = new ArrayList<>();
        appenders.add(OutputStreamAppender.newBuilder().setName(name + "-text").setLayout(text)
                .setTarget(output.text()).setConfiguration(config).build());
        appenders.add(OutputStreamAppender.newBuilder().setName(name + "-json").setLayout(json)
                .setTarget(output.json()).setConfiguration(config).build());
        appenders.add(new AbstractAppender(name + "-count", null, null, false, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                output.countEvent();
            }
        });
        for (Appender appender : appenders) {
            appender.start();
            config.addAppender(appender);
        }
        return appenders;
    }

    @Override
    public Attached attach(RealOutput output, String loggerName) {
        LoggerContext context = loggerContext();
        Configuration config = context.getConfiguration();
        List<Appender> appenders = realAppenders(config, output, "real");
        LoggerConfig logger = loggerName == null ? config.getRootLogger() : config.getLoggerConfig(loggerName);
        // A logger without a config of its own gets its parent's (the root's): give it one, so only its events
        // reach the appenders, as on Logback.
        boolean added = loggerName != null && !logger.getName().equals(loggerName);
        if (added) {
            logger = LoggerConfig.newBuilder().withLoggerName(loggerName).withLevel(Level.INFO)
                    .withAdditivity(true).withConfig(config).build();
            config.addLogger(loggerName, logger);
        }
        LoggerConfig attachedTo = logger;
        appenders.forEach(appender -> attachedTo.addAppender(appender, Level.ALL, null));
        context.updateLoggers();
        return () -> {
            appenders.forEach(appender -> attachedTo.removeAppender(appender.getName()));
            if (added) {
                config.removeLogger(loggerName);
            }
            context.updateLoggers();
            appenders.forEach(Appender::stop);
        };
    }

    @Override
    public Attached throwingAppenderOn(String loggerName) {
        LoggerContext context = loggerContext();
        Configuration config = context.getConfiguration();
        AbstractAppender throwing = new AbstractAppender("throwing", null, null, false, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                throw new IllegalStateException("appender down");
            }
        };
        // Log4j2 reports each failure through the appender's error handler, whose default prints a stack trace on
        // the status logger: these failures are the point of the test, so they are counted here instead.
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        throwing.setHandler(new org.apache.logging.log4j.core.ErrorHandler() {
            @Override
            public void error(String msg) {
                failures.incrementAndGet();
            }

            @Override
            public void error(String msg, Throwable t) {
                failures.incrementAndGet();
            }

            @Override
            public void error(String msg, LogEvent event, Throwable t) {
                failures.incrementAndGet();
            }
        });
        // The logger then reports the AppenderLoggingException it caught as a WARN status: expected, so captured.
        List<String> caught = new ArrayList<>();
        org.apache.logging.log4j.status.StatusListener statuses = new org.apache.logging.log4j.status.StatusListener() {
            @Override
            public void log(org.apache.logging.log4j.status.StatusData data) {
                synchronized (caught) {
                    caught.add(data.getLevel() + " " + data.getMessage().getFormattedMessage());
                }
            }

            @Override
            public Level getStatusLevel() {
                return Level.WARN;
            }

            @Override
            public void close() {}
        };
        org.apache.logging.log4j.status.StatusLogger.getLogger().registerListener(statuses);
        throwing.start();
        config.addAppender(throwing);
        config.getLoggerConfig(loggerName).addAppender(throwing, Level.ALL, null);
        context.updateLoggers();
        return () -> {
            config.getLoggerConfig(loggerName).removeAppender("throwing");
            context.updateLoggers();
            throwing.stop();
            org.apache.logging.log4j.status.StatusLogger.getLogger().removeListener(statuses);
            if (failures.get() == 0) {
                throw new AssertionError("the throwing appender was never called");
            }
            synchronized (caught) {
                for (String status : caught) {
                    if (!status.startsWith("WARN " + org.apache.logging.log4j.spi.AbstractLogger.class.getName()
                            + " caught java.lang.IllegalStateException logging ")) {
                        throw new AssertionError("an unexpected status while the appender threw: " + status);
                    }
                }
            }
        };
    }

    @Override
    public Attached asyncAppenderInFrontOf(RealOutput output) {
        LoggerContext context = loggerContext();
        Configuration config = context.getConfiguration();
        List<Appender> appenders = realAppenders(config, output, "async-out");
        return async(context, config, appenders);
    }

    @Override
    public Attached asyncAppenderInFrontOfGated(CountDownLatch gate, List<String> messages) {
        LoggerContext context = loggerContext();
        Configuration config = context.getConfiguration();
        Appender gated = new AbstractAppender("gated", null, null, false, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (messages) {
                    messages.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        gated.start();
        config.addAppender(gated);
        return async(context, config, List.of(gated));
    }

    private static Attached async(LoggerContext context, Configuration config, List<Appender> behind) {
        AppenderRef[] refs = behind.stream().map(a -> AppenderRef.createAppenderRef(a.getName(), null, null))
                .toArray(AppenderRef[]::new);
        AsyncAppender async = AsyncAppender.newBuilder().setName("async").setAppenderRefs(refs)
                .setConfiguration(config).setBlocking(true).setBufferSize(1024).build();
        async.start();
        config.addAppender(async);
        config.getRootLogger().addAppender(async, Level.ALL, null);
        context.updateLoggers();
        return () -> {
            if (async.isStopped()) {
                return;
            }
            async.stop(30, TimeUnit.SECONDS);
            config.getRootLogger().removeAppender("async");
            context.updateLoggers();
            behind.forEach(Appender::stop);
        };
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

    private static Writer writer(String name, java.util.function.BiConsumer<String, String> action) {
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
