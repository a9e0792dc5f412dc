package io.github.apigwcorrelation.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
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
 * A diagnostic between the two lines: plain Log4j2 printing exactly what the library's line prints (both IDs,
 * the same pattern and template), with all three keys put in the {@code ThreadContext} by hand and no library
 * on the class path. Ours minus this is what the library's mechanism costs (its {@code ContextDataProvider}
 * and Log4j2 merging two providers); this minus the plain line is the cost of printing the longer line.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerLinePlainBothIdsBenchmark {
    @Param({"PATTERN", "JSON"})
    public NullSinkLogging.Format format;

    @Param({"DEFAULT", "GARBAGE_FREE"})
    public NullSinkLogging.Mode mode;

    private final DiscardingSink sink = new DiscardingSink();
    private Logger logger;

    @Setup(Level.Trial)
    public void start() {
        if (PerLinePlainBothIdsBenchmark.class.getClassLoader().getResource("apigw-correlation-layout.json") != null) {
            throw new IllegalStateException("the library is on the class path of a plain baseline: run it "
                    + "through benchmarks/run.sh");
        }
        mode.apply();
        NullSinkLogging.start(format, format == NullSinkLogging.Format.PATTERN
                ? NullSinkLogging.OURS_PATTERN : NullSinkLogging.PLAIN_TEMPLATE, sink);
        mode.verify();
        ThreadContext.put("AWSRequestId", BenchContext.LAMBDA_REQUEST_ID);
        ThreadContext.put("ApiGatewayRequestId", Events.REST_REQUEST_ID);
        ThreadContext.put("ApiGatewayExtendedRequestId", Events.REST_EXTENDED_REQUEST_ID);
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
        LineChecks.requireWritten(sink);
    }
}
