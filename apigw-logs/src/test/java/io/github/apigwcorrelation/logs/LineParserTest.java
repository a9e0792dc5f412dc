package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.logs.Line.Kind;
import org.junit.jupiter.api.Test;

/** The IDs and figures read from each real log format. */
class LineParserTest {
    private static Line exec(String m) {
        return LineParser.parse(m, Source.Kind.EXECUTION);
    }

    private static Line access(String m) {
        return LineParser.parse(m, Source.Kind.ACCESS);
    }

    private static Line fn(String m) {
        return LineParser.parse(m, Source.Kind.LAMBDA);
    }

    private static final String A = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    private static final String L = "17e2e82d-2c77-4a6d-b251-546905c5334a";

    @Test
    void executionLogLinesGiveTheApiGatewayIdAndWhereRecordedTheLambdaId() {
        assertThat(exec("(" + A + ") Extended Request Id: RtZ3kjQ2IAMEV5g="))
                .isEqualTo(Line.of(Kind.EXECUTION).withIds(A, null).withExtended("RtZ3kjQ2IAMEV5g="));
        assertThat(exec("(" + A + ") Endpoint response headers: {Date=Tue, 26 Feb 2019 15:29:33 GMT, "
                + "Content-Type=application/json, Content-Length=1136, Connection=keep-alive, x-amzn-RequestId=" + L
                + ", x-amzn-Remapped-Content-Length=0, X-Amz-Executed-Version=$LATEST, X-Amzn-Trace-Id=root=1-5c755b5d;sampled=1}"))
                .isEqualTo(Line.of(Kind.EXECUTION).withIds(A, L));
        assertThat(exec("(" + A + ") AWS Integration Endpoint RequestId : " + L).lambdaRequestId()).isEqualTo(L);
        assertThat(exec("(" + A + ") Lambda execution failed with status 200 due to customer function error: "
                + "Task timed out after 10.00 seconds. Lambda request id: " + L).lambdaRequestId()).isEqualTo(L);
        assertThat(exec("(" + A + ") Method completed with status: 502").status()).isEqualTo("502");
        assertThat(exec("(" + A + ") Received response. Status: 200, Integration latency: 388 ms")
                .integrationLatencyMs()).isEqualTo("388");
        // The request's own ID is not a Lambda ID.
        assertThat(exec("(" + A + ") Starting execution for request: " + A).lambdaRequestId()).isNull();
    }

    @Test
    void lambdaTextPlatformLines() {
        assertThat(fn("START RequestId: " + L + " Version: $LATEST")).isEqualTo(Line.of(Kind.START).withIds(null, L));
        assertThat(fn("END RequestId: " + L)).isEqualTo(Line.of(Kind.END).withIds(null, L));
        Line report = fn("REPORT RequestId: " + L + "\tDuration: 1523.45 ms\tBilled Duration: 1524 ms\t"
                + "Memory Size: 512 MB\tMax Memory Used: 140 MB\tInit Duration: 412.30 ms\t\n");
        assertThat(report).isEqualTo(Line.of(Kind.REPORT).withIds(null, L).withDurations("1523.45", "412.30"));
        assertThat(fn("INIT_START Runtime Version: java:21.v30\tRuntime Version ARN: arn:aws:lambda:x").kind())
                .isEqualTo(Kind.PLATFORM);
    }

    @Test
    void lambdaJsonPlatformLines() {
        assertThat(fn("{\"time\":\"2026-11-21T19:31:25.100Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                + L + "\",\"version\":\"$LATEST\"}}")).isEqualTo(Line.of(Kind.START).withIds(null, L));
        assertThat(fn("{\"time\":\"2024-05-20T16:29:45.022Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
                + L + "\",\"status\":\"success\",\"metrics\":{\"durationMs\":11.642,\"billedDurationMs\":12,\"memorySizeMB\":128,"
                + "\"maxMemoryUsedMB\":67,\"initDurationMs\":174.055}}}"))
                .isEqualTo(Line.of(Kind.REPORT).withIds(null, L).withDurations("11.642", "174.055"));
        assertThat(fn("{\"time\":\"x\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"" + L
                + "\",\"status\":\"success\"}}").kind()).isEqualTo(Kind.END);
    }

    @Test
    void applicationLinesInOurTextLayoutOurJsonTemplateAndLambdasJson() {
        assertThat(fn("2026-11-21T19:31:25.135Z " + L + " APIG: " + A + " - INFO  GetOrderHandler - GET order 42"))
                .isEqualTo(Line.of(Kind.APP).withIds(A, L));
        assertThat(fn("2026-11-21T19:31:25.135Z " + L + " APIG: - - WARN  Correlation - no API Gateway ID"))
                .isEqualTo(Line.of(Kind.APP).withIds(null, L));
        assertThat(fn("{\"timestamp\":\"2026-11-21T19:31:46.101Z\",\"level\":\"INFO\",\"message\":\"Pricing\","
                + "\"logger\":\"com.example.orders.OrderService\",\"AWSRequestId\":\"" + L + "\",\"ApiGatewayRequestId\":\"" + A + "\"}"))
                .isEqualTo(Line.of(Kind.APP).withIds(A, L));
        assertThat(fn("{\"timestamp\":\"2026-11-21T19:31:46.101Z\",\"level\":\"INFO\",\"requestId\":\"" + L
                + "\",\"message\":\"from the Node.js runtime\"}")).isEqualTo(Line.of(Kind.APP).withIds(null, L));
        assertThat(fn("2026-11-21T19:31:46.101Z\t" + L + "\tINFO\tfrom console.log"))
                .isEqualTo(Line.of(Kind.APP).withIds(null, L));
        assertThat(fn("pricing with rule set v7")).isEqualTo(Line.of(Kind.APP));
    }

    @Test
    void accessLogEntriesInTheTemplatesFormat() {
        Line l = access("{\"requestId\":\"" + A + "\", \"extendedRequestId\":\"RtZ3kjQ2IAMEV5g=\", \"lambdaRequestId\":\""
                + L + "\", \"status\":\"200\", \"responseLatency\":\"545\", \"integrationLatency\":\"534\", \"gatewayError\":\"-\"}");
        assertThat(l).isEqualTo(Line.of(Kind.ACCESS).withIds(A, L).withExtended("RtZ3kjQ2IAMEV5g=").withStatus("200", "545", "534"));
        // No integration call (e.g. a 403 from an authorizer): API Gateway writes "-".
        assertThat(access("{\"requestId\":\"" + A + "\",\"lambdaRequestId\":\"-\",\"status\":\"403\"}"))
                .isEqualTo(Line.of(Kind.ACCESS).withIds(A, null).withStatus("403", null, null));
    }
}
