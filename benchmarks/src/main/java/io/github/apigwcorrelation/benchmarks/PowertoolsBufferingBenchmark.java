package io.github.apigwcorrelation.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.lambda.powertools.logging.log4j.BufferingAppender;

/**
 * Powertools for AWS Lambda (Java)'s buffering of the same DEBUG line: its {@code BufferingAppender} (buffer at
 * DEBUG, flush on ERROR) in front of the same sink, the root logger at DEBUG as it requires, the buffer keyed by
 * the X-Ray trace ID it reads from {@code com.amazonaws.xray.traceHeader} (without one it buffers nothing).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PowertoolsBufferingBenchmark {
    private final DiscardingSink sink = new DiscardingSink();
    private Logger logger;
    private long sequence;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void start() {
        System.setProperty("com.amazonaws.xray.traceHeader",
                "Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1");
        NullSinkLogging.start(NullSinkLogging.Format.PATTERN, NullSinkLogging.BOTH_IDS_PATTERN, sink, Level.DEBUG,
                (sinkName, config) -> BufferingAppender.createAppender("Buffer", null, null,
                        new AppenderRef[] {AppenderRef.createAppenderRef(sinkName, null, null)}, config, "DEBUG",
                        20480, true));
        logger = LogManager.getLogger("com.example.orders.OrderService");
        line();
        if (sink.total() != 0) {
            throw new IllegalStateException("Powertools wrote a buffered line: " + sink.head());
        }
    }

    @Benchmark
    public void line() {
        logger.debug("priced order {}", ++sequence);
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void stop() {
        logger.error("flush");
        if (!sink.head().contains("priced order")) {
            throw new IllegalStateException("Powertools buffered nothing: " + sink.head());
        }
    }
}
