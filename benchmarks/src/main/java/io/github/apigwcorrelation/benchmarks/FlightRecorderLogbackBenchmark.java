package io.github.apigwcorrelation.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.apigwcorrelation.CorrelationScope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FlightRecorderBenchmark} on Logback: the same DEBUG line with a parameter, inside an open invocation,
 * through SLF4J, the shipped Text pattern and the null sink. Recorded: the adapter's turbo filter
 * ({@code InvocationTurboFilter}) keeps an immutable copy of the event in the invocation's recorder and denies it,
 * the root logger at INFO. Sampled: the same filter accepts it, the root logger at INFO. Written: the root logger
 * at DEBUG, no recorder, no sampling (so no turbo filter either). The target: keeping a line costs no more than
 * writing it. Runs on {@code target/classpath/logback.txt}.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlightRecorderLogbackBenchmark {
    @Param({"RECORDED", "SAMPLED", "WRITTEN"})
    public FlightRecorderBenchmark.Way way;

    private final DiscardingSink sink = new DiscardingSink();
    private Logger logger;
    private CorrelationScope scope;
    private long sequence;
    private String checkedLine;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void start() {
        LoggerContext context = LogbackSinkLogging.start(LogbackSinkLogging.Format.PATTERN,
                LogbackSinkLogging.OURS_PATTERN, sink, way == FlightRecorderBenchmark.Way.WRITTEN ? Level.DEBUG
                        : Level.INFO);
        scope = way.open();
        logger = LoggerFactory.getLogger("com.example.orders.OrderService");
        line();
        String written = sink.head();
        if (way == FlightRecorderBenchmark.Way.RECORDED ? !written.isEmpty()
                : !written.contains("DEBUG") || !written.contains(Events.REST_REQUEST_ID)) {
            throw new IllegalStateException(way + " wrote: [" + written + "]");
        }
        boolean filtered = !context.getTurboFilterList().isEmpty();
        if (filtered == (way == FlightRecorderBenchmark.Way.WRITTEN)) {
            throw new IllegalStateException(way + ": turbo filters " + context.getTurboFilterList());
        }
        checkedLine = written;
        sink.clear();
    }

    @Benchmark
    public void line() {
        logger.debug("priced order {}", ++sequence);
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void stop() {
        way.requireKeptOrWritten(sink);
        scope.close();
    }

    /** @return what the setup's line wrote (empty when recorded), for the fixture checks */
    String checkedLine() {
        return checkedLine;
    }
}
