package io.github.apigwcorrelation.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.LogLevel;
import io.github.apigwcorrelation.RequestIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.ThreadContext;
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
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.utilities.JsonConfig;

/**
 * What correlating one invocation costs, around a handler that does nothing (a stream handler reads its
 * event to the end, as every real one does). Log4j2 writes at INFO into a {@link DiscardingSink} with the
 * README's pattern, so a line a contender logs per invocation is paid for.
 *
 * <ul>
 *   <li>{@code baseline}: sets and removes {@code AWSRequestId} in the {@code ThreadContext}, what the Java
 *       runtime does for {@code aws-lambda-java-log4j2} users;</li>
 *   <li>{@code ours}: {@code Correlation.defaults()}: open and close, which also logs the optional
 *       invocation line; {@code oursNoInvocationLine}: the same with {@code logInvocationLine(false)};</li>
 *   <li>{@code powertools}: {@code PowertoolsLogging.withLogging(context, correlationIdPath, event, supplier)}
 *       with {@link CorrelationIdPaths#API_GATEWAY_REST}; for the mapping template, whose ID that path does
 *       not reach, the JMESPath {@code context."request-id"}. A stream is read and parsed into a tree first,
 *       as Powertools' own {@code @Logging} aspect does for stream handlers.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PerInvocationBenchmark {
    /** The event shapes, each with the ID every contender must find in it. */
    public enum Shape {
        /** Typed {@code APIGatewayProxyRequestEvent}. */
        REST(Events.REST_REQUEST_ID, CorrelationIdPaths.API_GATEWAY_REST),
        /** Typed {@code APIGatewayV2HTTPEvent}. */
        HTTP(Events.HTTP_REQUEST_ID, CorrelationIdPaths.API_GATEWAY_HTTP),
        /** The mapping template's output as a {@code Map<String, Object>}. */
        MAP(Events.TEMPLATE_REQUEST_ID, "context.\"request-id\""),
        /** The raw 2 KB REST proxy event as an {@code InputStream}. */
        STREAM(Events.REST_REQUEST_ID, CorrelationIdPaths.API_GATEWAY_REST);

        final String requestId;
        final String powertoolsPath;

        Shape(String requestId, String powertoolsPath) {
            this.requestId = requestId;
            this.powertoolsPath = powertoolsPath;
        }
    }

    private static final String RESPONSE = "{\"statusCode\":200}";

    @Param({"REST", "HTTP", "MAP", "STREAM"})
    public Shape shape;

    private final DiscardingSink sink = new DiscardingSink();
    // Set up only after Log4j2 is configured: the library's classes get their loggers when they load.
    private Correlation defaults;
    private Correlation noLine;
    private Correlation recording;
    private final Context context = new BenchContext();
    private final byte[] drainBuffer = new byte[8192];
    private final OutputStream output = OutputStream.nullOutputStream();
    private Object event;
    private byte[] streamEvent;
    private RequestStreamHandler oursStream;
    private RequestStreamHandler noLineStream;
    private RequestStreamHandler recordingStream;
    private String seenId;
    private boolean checking;

    @Setup(Level.Trial)
    public void start() throws IOException {
        NullSinkLogging.start(NullSinkLogging.Format.PATTERN, NullSinkLogging.OURS_PATTERN, sink);
        defaults = Correlation.defaults();
        noLine = Correlation.builder().logInvocationLine(false).build();
        recording = Correlation.builder().logInvocationLine(false).flightRecorder(LogLevel.DEBUG).build();
        switch (shape) {
            case REST:
                event = Events.restProxy();
                break;
            case HTTP:
                event = Events.httpApi();
                break;
            case MAP:
                event = Events.mappingTemplateMap();
                break;
            default:
                streamEvent = Events.bytes(Events.REST_PROXY);
        }
        oursStream = defaults.wrap(this::streamHandler);
        noLineStream = noLine.wrap(this::streamHandler);
        recordingStream = recording.wrap(this::streamHandler);
        checkContenders();
    }

    /** Runs each contender once and fails unless it found this shape's request ID. */
    private void checkContenders() throws IOException {
        sink.clear();
        checking = true;
        require("baseline", baseline());
        require("ours", ours());
        String line = sink.head();
        if (!line.contains("API Gateway Request ID: " + shape.requestId)) {
            throw new IllegalStateException("ours did not log its invocation line: " + line);
        }
        require("oursNoInvocationLine", oursNoInvocationLine());
        require("oursFlightRecorderNoDebugLine", oursFlightRecorderNoDebugLine());
        require("powertools", powertools());
        if (sink.head().contains(" - WARN ")) {
            throw new IllegalStateException("a contender warned: " + sink.head());
        }
        if (ThreadContext.getContext().size() != 0) {
            throw new IllegalStateException("a contender left context behind: " + ThreadContext.getContext());
        }
        checking = false;
        sink.clear();
    }

    private void require(String contender, Object result) {
        String expected = "baseline".equals(contender) ? null : shape.requestId;
        if (!RESPONSE.equals(result) || expected != null && !expected.equals(seenId)) {
            throw new IllegalStateException(contender + " saw request ID " + seenId + " on " + shape
                    + ", expected " + shape.requestId);
        }
        seenId = null;
    }

    @Benchmark
    public Object baseline() throws IOException {
        ThreadContext.put("AWSRequestId", context.getAwsRequestId());
        try {
            if (streamEvent != null) {
                streamHandler(new ByteArrayInputStream(streamEvent), output, context);
                return RESPONSE;
            }
            return handler(event);
        } finally {
            ThreadContext.remove("AWSRequestId");
        }
    }

    @Benchmark
    public Object ours() throws IOException {
        return correlated(defaults, oursStream);
    }

    @Benchmark
    public Object oursNoInvocationLine() throws IOException {
        return correlated(noLine, noLineStream);
    }

    /** The flight recorder on, in an invocation that logs no DEBUG line: what it costs by being there. */
    @Benchmark
    public Object oursFlightRecorderNoDebugLine() throws IOException {
        return correlated(recording, recordingStream);
    }

    private Object correlated(Correlation correlation, RequestStreamHandler wrapped) throws IOException {
        if (streamEvent != null) {
            wrapped.handleRequest(new ByteArrayInputStream(streamEvent), output, context);
            return RESPONSE;
        }
        try (CorrelationScope scope = correlation.open(event, context)) {
            return handler(event);
        }
    }

    @Benchmark
    public Object powertools() throws IOException {
        if (streamEvent != null) {
            byte[] bytes = new ByteArrayInputStream(streamEvent).readAllBytes();
            JsonNode tree = JsonConfig.get().getObjectMapper().readTree(bytes);
            return PowertoolsLogging.withLogging(context, shape.powertoolsPath, tree,
                    (Supplier<Object>) () -> {
                        try {
                            streamHandler(new ByteArrayInputStream(bytes), output, context);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return RESPONSE;
                    });
        }
        return PowertoolsLogging.withLogging(context, shape.powertoolsPath, event, () -> handler(event));
    }

    /** The user's typed handler: notes the ID it would log, nothing else. */
    private Object handler(Object input) {
        noteId();
        return RESPONSE;
    }

    /** The user's stream handler: reads the event to the end. */
    private void streamHandler(InputStream input, OutputStream out, Context ignored) throws IOException {
        noteId();
        while (input.read(drainBuffer) >= 0) {
            // a real handler parses these bytes; reading them is the part every contender shares
        }
    }

    /** Outside the checks one field read; during the checks, records the ID the contender installed. */
    private void noteId() {
        if (checking) {
            seenId = RequestIds.current().map(RequestIds::apiGatewayRequestId).orElse(MDC.get("correlation_id"));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (sink.total() == 0) {
            throw new IllegalStateException("no line reached the sink");
        }
    }
}
