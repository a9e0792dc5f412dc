package io.github.apigwcorrelation.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.LogLevel;
import io.github.apigwcorrelation.RequestIds;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.slf4j.MDC;

/**
 * {@link PerInvocationBenchmark} on Logback, for the typed REST proxy event: what opening and closing the correlation
 * costs around a handler that does nothing, Logback at INFO writing the shipped Text pattern into the null sink.
 * {@code baseline} puts and removes {@code AWSRequestId} in the MDC, what a Logback function without the library does
 * (the runtime fills only Log4j2's {@code ThreadContext}); {@code oursNoInvocationLine} is the correlation alone;
 * {@code oursFlightRecorderNoDebugLine} turns the flight recorder on (the adapter's turbo filter), in an invocation
 * that logs no DEBUG line: what the recorder costs by being there; {@code ours} is {@code Correlation.defaults()},
 * which also logs the invocation line. Runs on {@code target/classpath/logback.txt}.
 *
 * <p>The baseline's fork opens no invocation, so the library's MDC adapter never loads there and its {@code MDC.put}
 * is Logback's own (checked in its setup and teardown).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerInvocationLogbackBenchmark {
    private static final String RESPONSE = "{\"statusCode\":200}";

    private final DiscardingSink sink = new DiscardingSink();
    private final BenchContext context = new BenchContext();
    private Object event;
    private Correlation defaults;
    private Correlation noLine;
    private Correlation recording;
    private String seenId;
    private boolean checking;
    private LoggerContext logback;
    private boolean baselineFork;

    /** @param params which benchmark this fork runs: the baseline's opens no invocation */
    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void start(BenchmarkParams params) {
        baselineFork = params.getBenchmark().endsWith(".baseline");
        start(baselineFork);
    }

    /** @param baselineOnly check the baseline alone, leaving the library's adapter unloaded */
    void start(boolean baselineOnly) {
        baselineFork = baselineOnly;
        logback = LogbackSinkLogging.start(LogbackSinkLogging.Format.PATTERN, LogbackSinkLogging.OURS_PATTERN, sink,
                Level.INFO);
        event = Events.restProxy();
        defaults = Correlation.defaults();
        noLine = Correlation.builder().logInvocationLine(false).build();
        recording = Correlation.builder().logInvocationLine(false).flightRecorder(LogLevel.DEBUG).build();
        check();
        if (baselineFork) {
            LogbackSinkLogging.requireLibraryInert(logback);
        }
    }

    /**
     * Runs each contender once and fails unless the handler saw its IDs, only {@code ours} logged (its invocation line),
     * and nothing was left in the MDC or on the thread.
     */
    private void check() {
        sink.clear();
        checking = true;
        require("baseline", baseline(), BenchContext.LAMBDA_REQUEST_ID);
        if (baselineFork) {
            checking = false;
            requireNoContext();
            return;
        }
        require("oursNoInvocationLine", oursNoInvocationLine(), Events.REST_REQUEST_ID);
        require("oursFlightRecorderNoDebugLine", oursFlightRecorderNoDebugLine(), Events.REST_REQUEST_ID);
        if (!sink.head().isEmpty()) {
            throw new IllegalStateException("a contender without a line logged: " + sink.head());
        }
        require("ours", ours(), Events.REST_REQUEST_ID);
        if (!sink.head().contains("API Gateway Request ID: " + Events.REST_REQUEST_ID)
                || sink.head().lines().count() != 1) {
            throw new IllegalStateException("ours did not log its invocation line alone: " + sink.head());
        }
        requireNoContext();
        checking = false;
        sink.clear();
    }

    private static void requireNoContext() {
        if (MDC.getCopyOfContextMap() != null && !MDC.getCopyOfContextMap().isEmpty()
                || RequestIds.current().isPresent()) {
            throw new IllegalStateException("a contender left context behind: " + MDC.getCopyOfContextMap());
        }
    }

    private void require(String contender, Object result, String expected) {
        if (!RESPONSE.equals(result) || !expected.equals(seenId)) {
            throw new IllegalStateException(contender + " showed the handler " + seenId + ", expected " + expected);
        }
        seenId = null;
    }

    @Benchmark
    public Object baseline() {
        MDC.put("AWSRequestId", context.getAwsRequestId());
        try {
            return handler();
        } finally {
            MDC.remove("AWSRequestId");
        }
    }

    @Benchmark
    public Object oursNoInvocationLine() {
        try (CorrelationScope scope = noLine.open(event, context)) {
            return handler();
        }
    }

    /** The flight recorder on, in an invocation that logs no DEBUG line: what it costs by being there. */
    @Benchmark
    public Object oursFlightRecorderNoDebugLine() {
        try (CorrelationScope scope = recording.open(event, context)) {
            return handler();
        }
    }

    @Benchmark
    public Object ours() {
        try (CorrelationScope scope = defaults.open(event, context)) {
            return handler();
        }
    }

    /** The user's handler: outside the checks nothing; during them, notes the ID its lines would carry. */
    private Object handler() {
        if (checking) {
            seenId = RequestIds.current().map(RequestIds::apiGatewayRequestId).orElse(MDC.get("AWSRequestId"));
        }
        return RESPONSE;
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void stop() {
        requireNoContext();
        if (baselineFork) {
            LogbackSinkLogging.requireLibraryInert(logback);
        }
    }
}
