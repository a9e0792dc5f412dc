package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
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
 * The same log line inside an open invocation of the library, printing both IDs: the README's pattern, or
 * the library's JSON template. The invocation stays open for the whole trial, as it does for every line a
 * handler writes.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerLineOursBenchmark {
    @Param({"PATTERN", "JSON"})
    public NullSinkLogging.Format format;

    @Param({"DEFAULT", "GARBAGE_FREE"})
    public NullSinkLogging.Mode mode;

    private final DiscardingSink sink = new DiscardingSink();
    private Logger logger;
    private CorrelationScope scope;

    @Setup(Level.Trial)
    public void start() {
        mode.apply();
        NullSinkLogging.start(format, format == NullSinkLogging.Format.PATTERN
                ? NullSinkLogging.OURS_PATTERN : NullSinkLogging.OURS_TEMPLATE, sink);
        mode.verify();
        scope = Correlation.builder().logInvocationLine(false).build().open(Events.restProxy(), new BenchContext());
        logger = LogManager.getLogger("com.example.orders.OrderService");
        line();
        LineChecks.requireOneLine(sink, format, BenchContext.LAMBDA_REQUEST_ID, Events.REST_REQUEST_ID);
    }

    @Benchmark
    public void line() {
        logger.info(LineChecks.MESSAGE);
    }

    @TearDown(Level.Trial)
    public void stop() {
        scope.close();
        LineChecks.requireWritten(sink);
    }
}
