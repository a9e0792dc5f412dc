package io.github.apigwcorrelation.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One INFO line with a short message into a sink that keeps nothing, in each layout and Log4j2 mode. The
 * subclasses differ only in the layout and in how the IDs reach the line; JMH names each benchmark after its
 * subclass ({@code PerLinePlainBenchmark.line}, ...).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class PerLineBenchmark {
    @Param({"PATTERN", "JSON"})
    public NullSinkLogging.Format format;

    @Param({"DEFAULT", "GARBAGE_FREE"})
    public NullSinkLogging.Mode mode;

    private final DiscardingSink sink = new DiscardingSink();
    private Logger logger;

    /** Fails when this contender runs on the wrong class path; nothing to check by default. */
    void checkClassPath() {}

    /** @return the pattern or template of this contender for {@code format} */
    abstract String layout();

    /** Puts the IDs where this contender's line reads them; runs after Log4j2 has started. */
    abstract void installIds();

    /** Undoes {@link #installIds()}. */
    void removeIds() {}

    /** @return the IDs the checked line must hold */
    abstract String[] expectedIds();

    @Setup(Level.Trial)
    public void start() {
        checkClassPath();
        mode.apply();
        NullSinkLogging.start(format, layout(), sink);
        mode.verify();
        installIds();
        logger = LogManager.getLogger("com.example.orders.OrderService");
        line();
        LineChecks.requireOneLine(sink, format, expectedIds());
    }

    @Benchmark
    public void line() {
        logger.info(LineChecks.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void stop() {
        removeIds();
        LineChecks.requireWritten(sink);
    }

    /** The plain contenders run on a class path without the library, whose provider would join their lines. */
    static void requireLibraryAbsent() {
        if (PerLineBenchmark.class.getClassLoader().getResource("apigw-correlation-layout.json") != null) {
            throw new IllegalStateException("the library is on the class path of a plain baseline: run it "
                    + "through benchmarks/run.sh");
        }
    }
}
