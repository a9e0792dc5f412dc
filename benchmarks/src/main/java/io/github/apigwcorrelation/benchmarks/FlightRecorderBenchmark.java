package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.LogLevel;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One DEBUG line with a parameter, inside an open invocation, in each of the ways it can go: kept by the flight
 * recorder (the root logger at INFO), written because the invocation is sampled, or written because the root
 * logger is at DEBUG (no recorder, no sampling). The target: keeping a line costs no more than writing it.
 * Powertools' buffering runs in {@link PowertoolsBufferingBenchmark}, on its own configuration.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlightRecorderBenchmark {
    /** How the DEBUG line is handled. */
    public enum Way {
        /** Kept in the invocation's flight recorder, not written (the invocation has not failed). */
        RECORDED,
        /** Written, the invocation being sampled (the root logger stays at INFO). */
        SAMPLED,
        /** Written, the root logger being at DEBUG: what any DEBUG line costs. */
        WRITTEN;

        /** @return the invocation of this way, opened on the current thread: recorder, sampling or neither */
        CorrelationScope open() {
            Correlation.Builder builder = Correlation.builder().logInvocationLine(false);
            if (this == RECORDED) {
                builder.flightRecorder(LogLevel.DEBUG);
            } else if (this == SAMPLED) {
                builder.debugSampleRate(1.0);
            }
            return builder.build().open(Events.restProxy(), new BenchContext());
        }

        /**
         * At the end of a trial: fails unless a recorded line stayed unwritten and comes out, with the IDs, when the
         * recorder is flushed, and unless the other ways wrote lines.
         *
         * @param sink the trial's sink
         */
        void requireKeptOrWritten(DiscardingSink sink) {
            if (this != RECORDED) {
                LineChecks.requireWritten(sink);
                return;
            }
            if (sink.total() != 0) {
                throw new IllegalStateException("a recorded line was written");
            }
            Correlation.flushRecordedLines();
            if (!sink.head().contains("priced order") || !sink.head().contains(Events.REST_REQUEST_ID)) {
                throw new IllegalStateException("nothing was recorded: " + sink.head());
            }
        }
    }

    @Param({"RECORDED", "SAMPLED", "WRITTEN"})
    public Way way;

    private final DiscardingSink sink = new DiscardingSink();
    private Logger logger;
    private CorrelationScope scope;
    private long sequence;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void start() {
        NullSinkLogging.start(NullSinkLogging.Format.PATTERN, NullSinkLogging.OURS_PATTERN, sink,
                way == Way.WRITTEN ? Level.DEBUG : Level.INFO, null);
        scope = way.open();
        logger = LogManager.getLogger("com.example.orders.OrderService");
        line();
        String written = sink.head();
        if (way == Way.RECORDED ? !written.isEmpty() : !written.contains("DEBUG") || !written.contains(
                Events.REST_REQUEST_ID)) {
            throw new IllegalStateException(way + " wrote: [" + written + "]");
        }
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
}
