package io.github.apigwcorrelation.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.RequestIds;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A per-record scope against today's per-invocation scope, on the same backend (Log4j2, the README's pattern, the
 * null sink): {@code record} is {@code Correlation.openRecord(message, context)} plus {@code close()} for one SQS
 * message, inside the batch's invocation scope, which is what {@code CorrelatedSqsHandler} does per message;
 * {@code invocation} is {@code Correlation.open(event, context)} plus {@code close()} for the REST proxy event. With
 * {@code lines=OFF} ({@code logInvocationLine(false)}) that is the correlation alone; with {@code lines=ON} (the
 * defaults) each also logs its line: the invocation line, or the record's line with the time the message was sent.
 *
 * <p>The batch scope is opened in the setup through {@code Correlation.openBatch}, the package-private method
 * {@code CorrelatedSqsHandler.handleRequest} opens it with (no public method opens a batch without handling one).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerRecordBenchmark {
    /** Whether the library logs its optional line per scope. */
    public enum Lines {
        /** {@code logInvocationLine(false)}: the correlation alone. */
        OFF,
        /** The defaults: the invocation line, or the record's line. */
        ON
    }

    /**
     * Log4j2, the correlation and the events of both benchmarks. A state of its own, which {@code record} reaches
     * only through {@link Batch}: JMH 1.37 makes a second instance of a state that a benchmark takes and another
     * state depends on.
     */
    @State(Scope.Thread)
    public static class Fixture {
        @Param({"OFF", "ON"})
        public Lines lines;

        final Context context = new BenchContext();
        DiscardingSink sink;
        Correlation correlation;
        APIGatewayProxyRequestEvent rest;
        SQSEvent.SQSMessage message;

        @Setup(Level.Trial)
        public void start() {
            sink = NullSinkLogging.startOnce(NullSinkLogging.Format.PATTERN, NullSinkLogging.OURS_PATTERN);
            sink.clear();
            correlation = lines == Lines.ON ? Correlation.defaults()
                    : Correlation.builder().logInvocationLine(false).build();
            rest = Events.restProxy();
            message = Events.sqs().getRecords().get(0);
            try (CorrelationScope scope = correlation.open(rest, context)) {
                require(RequestIds.current().orElseThrow().apiGatewayRequestId().equals(Events.REST_REQUEST_ID),
                        "the invocation's scope lacks the API Gateway ID");
            }
            requireLines("API Gateway Request ID: " + Events.REST_REQUEST_ID);
        }

        /** Fails unless the line of the last scope is there with {@code lines=ON} and no line is with {@code OFF}. */
        void requireLines(String expected) {
            String written = sink.head();
            sink.clear();
            require(lines == Lines.ON ? written.contains(expected) && written.contains(BenchContext.LAMBDA_REQUEST_ID)
                    : written.isEmpty(), "lines=" + lines + " wrote: [" + written + "]");
            require(!written.contains(" WARN "), "a scope warned: " + written);
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (lines == Lines.ON) {
                LineChecks.requireWritten(sink);
            }
        }
    }

    /** The batch's invocation scope, open around every {@code record} call. */
    @State(Scope.Thread)
    public static class Batch {
        Fixture fixture;
        CorrelationScope scope;

        @Setup(Level.Trial)
        public void open(Fixture fixture) {
            this.fixture = fixture;
            scope = openBatch(fixture.correlation, fixture.context);
            fixture.sink.clear();
            try (CorrelationScope record = fixture.correlation.openRecord(fixture.message, fixture.context)) {
                RequestIds ids = RequestIds.current().orElseThrow();
                require(ids.originRequestId().orElse("").equals(Events.REST_REQUEST_ID)
                        && ids.messageId().orElse("").equals(Events.SQS_MESSAGE_ID)
                        && ids.lambdaRequestId().equals(BenchContext.LAMBDA_REQUEST_ID),
                        "the record's scope holds " + ids);
            }
            require(RequestIds.current().orElseThrow().messageId().isEmpty(), "the record's scope outlived it");
            fixture.requireLines("Record: Message ID: " + Events.SQS_MESSAGE_ID + " Origin Request ID: "
                    + Events.REST_REQUEST_ID);
        }

        @TearDown(Level.Trial)
        public void close() {
            scope.close();
            require(RequestIds.current().isEmpty(), "the batch's scope outlived it");
        }
    }

    /** Opens the batch's scope as {@code CorrelatedSqsHandler.handleRequest} does for a batch of one message. */
    static CorrelationScope openBatch(Correlation correlation, Context context) {
        try {
            Method openBatch = Correlation.class.getDeclaredMethod("openBatch", int.class, String.class, Context.class);
            openBatch.setAccessible(true);
            return (CorrelationScope) openBatch.invoke(correlation, 1, "SQS message", context);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("CorrelatedSqsHandler no longer opens its batch with Correlation.openBatch("
                    + "int, String, Context): update this benchmark", e);
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    @Benchmark
    public RequestIds invocation(Fixture fixture) {
        try (CorrelationScope scope = fixture.correlation.open(fixture.rest, fixture.context)) {
            return scope.ids();
        }
    }

    @Benchmark
    public RequestIds record(Batch batch) {
        Fixture fixture = batch.fixture;
        try (CorrelationScope scope = fixture.correlation.openRecord(fixture.message, fixture.context)) {
            return scope.ids();
        }
    }
}
