package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The waterfall of a cold and a warm REST request, an HTTP API request, and logs that hold too little or lie. */
class WaterfallTest {
    static final long T = 1_795_000_000_000L;
    static final String A = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    static final String L = "17e2e82d-2c77-4a6d-b251-546905c5334a";
    static final Source EXEC = new Source("execution", "API-Gateway-Execution-Logs_abc/prod", Source.Kind.EXECUTION);
    static final Source ACCESS = new Source("access", "/access", Source.Kind.ACCESS);
    static final Source FN = new Source("GetOrderFunction", "/aws/lambda/GetOrderFunction", Source.Kind.LAMBDA);

    private final List<LogEvent> events = new ArrayList<>();

    private void at(Source s, long offset, String message) {
        events.add(new LogEvent(s.label(), s.group(), "stream", T + offset, T + offset + 1, Integer.toString(events.size() + 1), message, s.kind()));
    }

    private void exec(long offset, String message) {
        at(EXEC, offset, "(" + A + ") " + message);
    }

    private void restRequest(String report, String responseLatency, String integrationLatency) {
        exec(0, "Extended Request Id: RtZ3kjQ2IAMEV5g=");
        exec(4, "Starting execution for request: " + A);
        exec(6, "Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/x/invocations");
        at(FN, 480, "START RequestId: " + L + " Version: $LATEST");
        at(FN, 540, report);
        exec(541, "Received response. Status: 200, Integration latency: " + integrationLatency + " ms");
        exec(542, "Method completed with status: 200");
        at(ACCESS, 545, "{\"requestId\":\"" + A + "\",\"lambdaRequestId\":\"" + L + "\",\"status\":\"200\",\"responseLatency\":\""
                + responseLatency + "\",\"integrationLatency\":\"" + integrationLatency + "\"}");
    }

    private Waterfall waterfall() {
        events.sort(LogEvent.ORDER);
        List<Stories.Story> stories = Stories.build(events);
        assertThat(stories).hasSize(1);
        return Waterfall.of(stories.get(0));
    }

    private static Map<String, Object> json(Waterfall w) {
        return Json.parseObject(Json.line(w.fields()));
    }

    @Test
    void aColdRequestSplitsIntoGatewayInitFunctionServiceAndGateway() {
        restRequest("REPORT RequestId: " + L + "\tDuration: 60.47 ms\tBilled Duration: 61 ms\tMemory Size: 512 MB\t"
                + "Max Memory Used: 131 MB\tInit Duration: 468.91 ms", "545", "534");

        List<String> lines = waterfall().lines();

        assertThat(lines).containsExactly(
                "waterfall: 545 ms from the first API Gateway line to the response (access log responseLatency), cold start",
                "  API Gateway before the integration      6 ms |█                                       | at 0 ms",
                "  integration (to Lambda and back)      534 ms |████████████████████████████████████████| at 6 ms",
                "  Lambda init (cold start)           468.91 ms |███████████████████████████████████     | at 6 ms",
                "  GetOrderFunction handler            60.47 ms |                                  █████ | at 474.91 ms",
                "  Lambda service (invoke, network)     4.62 ms |                                       █| at 535.38 ms",
                "  API Gateway after the integration       5 ms |                                       █| at 540 ms");
        Map<String, Object> f = json(waterfall());
        assertThat(f).containsEntry("waterfallTotalMs", 545).containsEntry("gatewayBeforeMs", 6).containsEntry("gatewayBeforeAtMs", 0)
                .containsEntry("integrationMs", 534).containsEntry("initMs", 468.91).containsEntry("functionMs", 60.47)
                .containsEntry("functionAtMs", 474.91).containsEntry("gatewayAfterMs", 5).containsEntry("gatewayAfterAtMs", 540);
    }

    @Test
    void aWarmRequestHasNoInit() {
        restRequest("REPORT RequestId: " + L + "\tDuration: 9.81 ms\tBilled Duration: 10 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB",
                "25", "12");
        events.removeIf(e -> e.message().contains("Received response"));

        Waterfall w = waterfall();

        assertThat(w.lines().get(0)).isEqualTo("waterfall: 25 ms from the first API Gateway line to the response (access log responseLatency), warm");
        assertThat(w.lines().get(3)).isEqualTo("  Lambda init: none (warm)                0 ms |" + " ".repeat(40) + "| at 6 ms");
        assertThat(json(w)).containsEntry("initMs", 0).containsEntry("functionMs", 9.81).containsEntry("functionAtMs", 6)
                .containsEntry("lambdaServiceMs", 2.19).containsEntry("gatewayAfterMs", 7);
    }

    @Test
    void anHttpApiHasNoExecutionLogSoOnlyTheGatewaysTotalIsKnown() {
        at(FN, 10, "START RequestId: " + L + " Version: $LATEST");
        at(FN, 30, "REPORT RequestId: " + L + "\tDuration: 15.00 ms\tBilled Duration: 15 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB");
        at(ACCESS, 40, "{\"requestId\":\"" + A + "\",\"lambdaRequestId\":\"" + L + "\",\"status\":\"200\",\"responseLatency\":\"31\",\"integrationLatency\":\"20\"}");

        Waterfall w = waterfall();

        assertThat(w.lines()).containsExactly(
                "waterfall: 31 ms from the first API Gateway line to the response (access log responseLatency), warm",
                "  API Gateway before the integration   unknown |                                        | (no execution log (HTTP APIs have none): only before and after together are known)",
                "  API Gateway before + after             11 ms |░░░░░░░░░░░░░░                          | start unknown (the split is unknown)",
                "  integration (to Lambda and back)       20 ms |░░░░░░░░░░░░░░░░░░░░░░░░░░              | start unknown",
                "  Lambda init: none (warm)                0 ms |                                        | start unknown",
                "  GetOrderFunction handler               15 ms |░░░░░░░░░░░░░░░░░░░                     | start unknown",
                "  Lambda service (invoke, network)        5 ms |░░░░░░                                  | start unknown",
                "  API Gateway after the integration    unknown |                                        | (no execution log (HTTP APIs have none): only before and after together are known)");
    }

    @Test
    void anAccessLogWithoutLatenciesAndNoReportSaysWhatIsUnknownAndWhy() {
        at(ACCESS, 40, "{\"requestId\":\"" + A + "\",\"lambdaRequestId\":\"" + L + "\",\"status\":\"200\"}");

        Map<String, Object> f = json(waterfall());

        assertThat(f).doesNotContainKeys("waterfallTotalMs", "functionMs", "initMs");
        assertThat(f).containsEntry("functionUnknown", "no Lambda invocation found")
                .containsEntry("integrationUnknown", "no integration latency (access log $context.integrationLatency, or the execution log)");
    }

    @Test
    void implausibleFiguresAreUnknownAndNothingPrintedCanRedrawTheTerminal() {
        restRequest("REPORT RequestId: " + L + "\tDuration: 99999999999.5 ms\tInit Duration: 1e308 ms", "NaN", "-5");

        Waterfall w = waterfall();

        // NaN, -5 and 99999999999.5 are not figures; the total falls back to the execution log's timestamps.
        assertThat(json(w)).doesNotContainKeys("integrationMs", "functionMs", "lambdaServiceMs")
                .containsEntry("waterfallTotalMs", 542).containsEntry("waterfallTotalFrom", "execution log, first line to Method completed")
                .containsEntry("functionUnknown", "the REPORT's Duration is unreadable or outside 0 to 15 minutes");
        Stories.Story s = Stories.build(List.of(
                new LogEvent("fn\u001b[2K\u0000" + "x".repeat(100), "/g", "s", T, T, "1", "START RequestId: " + L, Source.Kind.LAMBDA),
                new LogEvent("fn", "/g", "s", T + 5, T + 5, "2", "REPORT RequestId: " + L + "\tDuration: 1.00 ms", Source.Kind.LAMBDA),
                new LogEvent("access", "/access", "a", T + 6, T + 6, "3", "{\"requestId\":\"" + A + "\",\"lambdaRequestId\":\"" + L
                        + "\",\"responseLatency\":\"9\",\"integrationLatency\":\"3\"}", Source.Kind.ACCESS))).get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Stories.print(s, new Printer(new PrintStream(out, true, StandardCharsets.UTF_8), false, false, List.of("fn"), () -> 0L));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("  fn\\u001b[2K\\u0000xxxxxx… handler").doesNotContain("\u001b").doesNotContain("\u0000");
        for (String line : text.lines().toList()) {
            assertThat(line.length()).isLessThan(400);
        }
    }
}
