package io.github.apigwcorrelation.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.RequestIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
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

/**
 * Finding the request ID in a raw event: the library's stream handler wrapper (a streaming scan that stops
 * after {@code requestContext}, then replays the bytes; the handler here reads nothing) versus parsing the
 * whole event into a Jackson tree and reading {@code /requestContext/requestId}. Events of 2 KB, 100 KB and
 * just under 6 MB (Lambda's payload limit), with {@code requestContext} before or after a large body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamScanBenchmark {
    /** The event sizes, in bytes. */
    public enum Size {
        /** 2 KB. */
        KB_2(2 * 1024),
        /** 100 KB. */
        KB_100(100 * 1024),
        /** 6 MB less 1 KB: the largest synchronous payload Lambda accepts is 6 MB. */
        MB_6(6 * 1024 * 1024 - 1024);

        final int bytes;

        Size(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final ObjectMapper TREE = new ObjectMapper();

    @Param({"KB_2", "KB_100", "MB_6"})
    public Size size;

    @Param({"FIRST", "LAST"})
    public Events.Position position;

    private final Context context = new BenchContext();
    private final OutputStream output = OutputStream.nullOutputStream();
    private RequestStreamHandler scan;
    private byte[] event;

    @Setup(Level.Trial)
    public void start() throws IOException {
        NullSinkLogging.start(NullSinkLogging.Format.PATTERN, NullSinkLogging.OURS_PATTERN, new DiscardingSink());
        event = Events.large(size.bytes, position);
        // Only now: the library's classes get their loggers when they load.
        scan = Correlation.builder().logInvocationLine(false).build().wrap((in, out, ctx) -> { });
        String[] seen = new String[1];
        Correlation.builder().logInvocationLine(false).build()
                .wrap((in, out, ctx) -> seen[0] = RequestIds.current().orElseThrow().apiGatewayRequestId())
                .handleRequest(new ByteArrayInputStream(event), output, context);
        if (!Events.REST_REQUEST_ID.equals(seen[0]) || !Events.REST_REQUEST_ID.equals(tree())) {
            throw new IllegalStateException("a contender missed the request ID: " + seen[0] + ", " + tree());
        }
    }

    @Benchmark
    public void ours() throws IOException {
        scan.handleRequest(new ByteArrayInputStream(event), output, context);
    }

    @Benchmark
    public String tree() throws IOException {
        return TREE.readTree(new ByteArrayInputStream(event)).path("requestContext").path("requestId").asText();
    }
}
