package io.github.apigwcorrelation.benchmarks;

import java.net.URI;
import java.util.function.Function;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.ContextDataInjectorFactory;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.spi.DefaultThreadContextMap;
import org.apache.logging.log4j.spi.ReadOnlyThreadContextMap;

/**
 * A Log4j2 configuration built in code: the root logger at INFO writes through a real layout and Log4j2's
 * {@link OutputStreamAppender} into a {@link DiscardingSink}, so a log call pays for filtering, context
 * data, formatting and encoding, and nothing is kept or written to a file.
 *
 * <p>Must run before anything touches Log4j2 in the JVM (each JMH fork is a fresh JVM).
 */
public final class NullSinkLogging {
    /** The text layout of the plain baseline: the library's README pattern without the API Gateway ID. */
    public static final String PLAIN_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %X{AWSRequestId} - %-5level"
            + " %c{1} - %enc{%m}{CRLF}%notEmpty{ %enc{%throwable{separator( | )}}{CRLF}}%n";
    /** The library's README pattern: both IDs. */
    public static final String OURS_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %printable{%X{AWSRequestId} APIG:"
            + " %X{ApiGatewayRequestId}%notEmpty{ ORIGIN: %X{OriginRequestId}} - %-5level %c{1} - %m}%notEmpty{ %printable{%throwable{separator( | )}}}%n";
    /** The same line with Log4j2's own CR/LF encoding: what a plain class path (no {@code %printable}) can print. */
    public static final String BOTH_IDS_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %X{AWSRequestId} APIG:"
            + " %X{ApiGatewayRequestId} - %-5level %c{1} - %enc{%m}{CRLF}%notEmpty{ %enc{%throwable{separator( | )}}{CRLF}}%n";
    /** The library's JSON template, copied by the build to a path outside the library jar. */
    public static final String PLAIN_TEMPLATE = "classpath:plain/apigw-correlation-layout.json";
    /** The library's JSON template, read from the library jar. */
    public static final String OURS_TEMPLATE = "classpath:apigw-correlation-layout.json";

    /** Which layout formats the lines. */
    public enum Format {
        /** {@code PatternLayout}. */
        PATTERN,
        /** {@code JsonTemplateLayout}. */
        JSON
    }

    /** How Log4j2 is configured, selected by the {@code mode} benchmark parameter. */
    public enum Mode {
        /** Log4j2 2.25's defaults for a non-web application. */
        DEFAULT,
        /** Log4j2's documented garbage-free settings, the thread context map included. */
        GARBAGE_FREE;

        /** Sets the system properties of this mode; must run before Log4j2 initializes. */
        public void apply() {
            if (this == GARBAGE_FREE) {
                System.setProperty("log4j2.enableThreadlocals", "true");
                System.setProperty("log4j2.enableDirectEncoders", "true");
                System.setProperty("log4j2.garbagefreeThreadContextMap", "true");
            }
        }

        /**
         * Fails unless Log4j2 really runs in this mode: in 2.25 thread locals and direct encoders are on by
         * default outside web applications, so what tells the modes apart is the thread context map and the
         * context data injector chosen for it.
         *
         * @return the injector's simple class name, for the report
         */
        public String verify() {
            ReadOnlyThreadContextMap map = ThreadContext.getThreadContextMap();
            String injector = ContextDataInjectorFactory.createInjector().getClass().getSimpleName();
            // The library's injector wraps the one Log4j2 chooses for the map, so the map tells the mode.
            boolean ours = injector.equals("CorrelationContextDataInjector");
            boolean garbageFree = map != null && map.getClass().getSimpleName().equals("GarbageFreeSortedArrayThreadContextMap")
                    && (ours || injector.equals("ForGarbageFreeThreadContextMap"));
            boolean defaults = (map == null || map instanceof DefaultThreadContextMap)
                    && (ours || injector.equals("ForDefaultThreadContextMap"));
            if (this == GARBAGE_FREE ? !garbageFree : !defaults) {
                throw new IllegalStateException("Log4j2 is not in mode " + this + ": thread context map "
                        + (map == null ? "default" : map.getClass().getName()) + ", injector " + injector);
            }
            if (!org.apache.logging.log4j.util.Constants.ENABLE_THREADLOCALS
                    || !org.apache.logging.log4j.core.util.Constants.ENABLE_DIRECT_ENCODERS) {
                throw new IllegalStateException("Log4j2 thread locals or direct encoders are off");
            }
            return injector;
        }
    }

    private static DiscardingSink sharedSink;

    private NullSinkLogging() {}

    /**
     * Installs the configuration and starts Log4j2.
     *
     * @param format the layout
     * @param patternOrTemplate the pattern ({@link Format#PATTERN}) or template URI ({@link Format#JSON})
     * @param sink where the encoded lines go
     * @return the started context
     */
    public static LoggerContext start(Format format, String patternOrTemplate, DiscardingSink sink) {
        return start(format, patternOrTemplate, sink, Level.INFO, null);
    }

    /**
     * Installs the configuration and starts Log4j2.
     *
     * @param format the layout
     * @param patternOrTemplate the pattern or template URI
     * @param sink where the encoded lines go
     * @param rootLevel the root logger's level
     * @param wrap builds the appender the root logger writes to from the sink's appender name and the
     *     configuration (for Powertools' buffering appender), or null for the sink's appender itself
     * @return the started context
     */
    public static LoggerContext start(Format format, String patternOrTemplate, DiscardingSink sink, Level rootLevel,
            java.util.function.BiFunction<String, Configuration, Appender> wrap) {
        ConfigurationFactory.setConfigurationFactory(new Factory(layout(format, patternOrTemplate), sink, rootLevel,
                wrap));
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (!(context.getConfiguration() instanceof SinkConfiguration)) {
            throw new IllegalStateException("Log4j2 was configured before the benchmark could: "
                    + context.getConfiguration());
        }
        return context;
    }

    /**
     * Installs the configuration and starts Log4j2 the first time it is called in the JVM; later calls return the
     * same sink. For the benchmarks whose states all need Log4j2 started before them: JMH 1.37 makes one instance of
     * a state per state that depends on it, so a shared state cannot do it once.
     *
     * @param format the layout
     * @param patternOrTemplate the pattern or template URI (of the first call)
     * @return the sink of the first call
     */
    public static synchronized DiscardingSink startOnce(Format format, String patternOrTemplate) {
        if (sharedSink == null) {
            DiscardingSink sink = new DiscardingSink();
            start(format, patternOrTemplate, sink);
            sharedSink = sink;
        }
        return sharedSink;
    }

    /**
     * Starts a separate logger context with the same configuration, beside whatever the JVM already has: for
     * tests that compare several configurations in one JVM.
     *
     * @param name the context's name
     * @param format the layout
     * @param patternOrTemplate the pattern or template URI
     * @param sink where the encoded lines go
     * @return the started context; stop it when done
     */
    public static LoggerContext startSeparate(String name, Format format, String patternOrTemplate, DiscardingSink sink) {
        LoggerContext context = new LoggerContext(name);
        context.start(new SinkConfiguration(context, layout(format, patternOrTemplate), sink, Level.INFO, null));
        return context;
    }

    private static Function<Configuration, Layout<?>> layout(Format format, String patternOrTemplate) {
        return format == Format.PATTERN
                ? config -> PatternLayout.newBuilder().withConfiguration(config).withPattern(patternOrTemplate).build()
                : config -> JsonTemplateLayout.newBuilder().setConfiguration(config)
                        .setEventTemplateUri(patternOrTemplate).build();
    }

    private static final class Factory extends ConfigurationFactory {
        private final Function<Configuration, Layout<?>> layout;
        private final DiscardingSink sink;
        private final Level rootLevel;
        private final java.util.function.BiFunction<String, Configuration, Appender> wrap;

        Factory(Function<Configuration, Layout<?>> layout, DiscardingSink sink, Level rootLevel,
                java.util.function.BiFunction<String, Configuration, Appender> wrap) {
            this.layout = layout;
            this.sink = sink;
            this.rootLevel = rootLevel;
            this.wrap = wrap;
        }

        @Override
        protected String[] getSupportedTypes() {
            return new String[] {"*"};
        }

        @Override
        public Configuration getConfiguration(LoggerContext context, ConfigurationSource source) {
            return new SinkConfiguration(context, layout, sink, rootLevel, wrap);
        }

        @Override
        public Configuration getConfiguration(LoggerContext context, String name, URI location) {
            return new SinkConfiguration(context, layout, sink, rootLevel, wrap);
        }
    }

    private static final class SinkConfiguration extends AbstractConfiguration {
        private final Function<Configuration, Layout<?>> layout;
        private final DiscardingSink sink;
        private final Level rootLevel;
        private final java.util.function.BiFunction<String, Configuration, Appender> wrap;

        SinkConfiguration(LoggerContext context, Function<Configuration, Layout<?>> layout, DiscardingSink sink,
                Level rootLevel, java.util.function.BiFunction<String, Configuration, Appender> wrap) {
            super(context, ConfigurationSource.NULL_SOURCE);
            this.layout = layout;
            this.sink = sink;
            this.rootLevel = rootLevel;
            this.wrap = wrap;
            setName("benchmark-null-sink");
        }

        @Override
        protected void doConfigure() {
            Appender appender = OutputStreamAppender.newBuilder()
                    .setName("NullSink")
                    .setTarget(sink)
                    .setLayout(layout.apply(this))
                    .setConfiguration(this)
                    .build();
            appender.start();
            addAppender(appender);
            Appender top = appender;
            if (wrap != null) {
                top = wrap.apply(appender.getName(), this);
                top.start();
                addAppender(top);
            }
            LoggerConfig root = getRootLogger();
            root.setLevel(rootLevel);
            root.addAppender(top, null, null);
        }
    }
}
