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
 * The baseline log line: plain Log4j2 with {@code %X{AWSRequestId}}, as the Java runtime sets that key when
 * {@code aws-lambda-java-log4j2} is present. This class must not touch the library, and benchmarks/run.sh
 * runs it on a class path without it: the library's {@code ContextDataProvider} would otherwise be called
 * on these lines too.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerLinePlainBenchmark {
    @Param({"PATTERN", "JSON"})
    public NullSinkLogging.Format format;

    @Param({"DEFAULT", "GARBAGE_FREE"})
    public NullSinkLogging.Mode mode;

    private final DiscardingSink sink = new DiscardingSink();
    private Logger logger;

    @Setup(Level.Trial)
    public void start() {
        if (PerLinePlainBenchmark.class.getClassLoader().getResource("apigw-correlation-layout.json") != null) {
            throw new IllegalStateException("the library is on the class path of the plain baseline: run it "
                    + "through benchmarks/run.sh");
        }
        mode.apply();
        NullSinkLogging.start(format, format == NullSinkLogging.Format.PATTERN
                ? NullSinkLogging.PLAIN_PATTERN : NullSinkLogging.PLAIN_TEMPLATE, sink);
        mode.verify();
        ThreadContext.put("AWSRequestId", BenchContext.LAMBDA_REQUEST_ID);
        logger = LogManager.getLogger("com.example.orders.OrderService");
        line();
        LineChecks.requireOneLine(sink, format, BenchContext.LAMBDA_REQUEST_ID);
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
