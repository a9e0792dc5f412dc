package io.github.apigwcorrelation.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line with a short message through SLF4J and Logback into a sink that keeps nothing, in each encoder: the
 * Logback counterpart of {@link PerLineBenchmark}. The subclasses differ only in the pattern and in how the IDs
 * reach the line; JMH names each benchmark after its subclass ({@code PerLineLogbackPlainBenchmark.line}, ...).
 * Runs on {@code target/classpath/logback.txt}.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class PerLineLogbackBenchmark {
    @Param({"PATTERN", "JSON"})
    public LogbackSinkLogging.Format format;

    private final DiscardingSink sink = new DiscardingSink();
    private LoggerContext context;
    private Logger logger;
    private String checkedLine;

    /** @return the pattern of this contender (the JSON encoder takes none) */
    abstract String pattern();

    /** Puts the IDs where this contender's line reads them; runs after Logback is configured. */
    abstract void installIds();

    /** Undoes {@link #installIds()}. */
    abstract void removeIds();

    /** @return the IDs the checked line must hold */
    abstract String[] expectedIds();

    /** Fails when the library acts where it must not (the plain contenders); nothing to check by default. */
    void checkLibrary(LoggerContext context) {}

    @Setup(Level.Trial)
    public void start() {
        context = LogbackSinkLogging.start(format, pattern(), sink, ch.qos.logback.classic.Level.INFO);
        installIds();
        logger = LoggerFactory.getLogger("com.example.orders.OrderService");
        line();
        checkedLine = LineChecks.requireOneLine(sink, format == LogbackSinkLogging.Format.JSON, expectedIds());
        checkLibrary(context);
    }

    @Benchmark
    public void line() {
        logger.info(LineChecks.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void stop() {
        checkLibrary(context);
        removeIds();
        LineChecks.requireWritten(sink);
    }

    /** @return the line the setup wrote and checked (for the fixture checks) */
    String checkedLine() {
        return checkedLine;
    }
}
