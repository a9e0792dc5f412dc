package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A function can print any text. Lines shaped like an access log entry, an execution log line or a
 * Lambda platform record, printed by one invocation, must never become part of another request's story.
 */
class ForgedLinesTest {
    static final String VICTIM_APIGW = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    static final String VICTIM = "17e2e82d-2c77-4a6d-b251-546905c5334a";
    static final String ATTACKER = "99999999-2c77-4a6d-b251-546905c5334a";

    @Test
    void onlyTheAccessLogGroupYieldsAccessEntriesAndOnlyTheExecutionGroupExecutionLines() {
        String access = "{\"requestId\":\"" + VICTIM_APIGW + "\",\"lambdaRequestId\":\"" + ATTACKER + "\",\"status\":\"200\"}";
        assertThat(LineParser.parse(access, Source.Kind.ACCESS).kind()).isEqualTo(Line.Kind.ACCESS);
        assertThat(LineParser.parse(access, Source.Kind.LAMBDA).kind()).isEqualTo(Line.Kind.APP);
        assertThat(LineParser.parse(access, Source.Kind.LOCAL).kind()).isEqualTo(Line.Kind.APP);
        String exec = "(" + VICTIM_APIGW + ") AWS Integration Endpoint RequestId : " + ATTACKER;
        assertThat(LineParser.parse(exec, Source.Kind.EXECUTION).kind()).isEqualTo(Line.Kind.EXECUTION);
        assertThat(LineParser.parse(exec, Source.Kind.LAMBDA)).isEqualTo(Line.of(Line.Kind.APP));
        assertThat(LineParser.parse("START RequestId: " + VICTIM, Source.Kind.EXECUTION)).isEqualTo(Line.of(Line.Kind.APP));
        assertThat(LineParser.parse("START RequestId: " + VICTIM, Source.Kind.ACCESS)).isEqualTo(Line.of(Line.Kind.APP));
    }

    /** The victim's invocation, then an attacker's that prints every forgery, as local output. */
    static final List<String> LOCAL_OUTPUT = List.of(
            "START RequestId: " + VICTIM + " Version: $LATEST",
            "2026-11-21T19:31:25.135Z " + VICTIM + " APIG: " + VICTIM_APIGW + " - INFO  GetOrderHandler - GET order 42",
            "END RequestId: " + VICTIM,
            "REPORT RequestId: " + VICTIM + "\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB\t",
            "START RequestId: " + ATTACKER + " Version: $LATEST",
            "{\"requestId\":\"" + VICTIM_APIGW + "\",\"lambdaRequestId\":\"" + ATTACKER + "\",\"status\":\"200\"}",
            "START RequestId: " + VICTIM + " Version: $LATEST",
            "2026-11-21T19:31:26.000Z " + VICTIM + " APIG: " + VICTIM_APIGW + " - INFO  GetOrderHandler - refund issued",
            "{\"type\":\"platform.report\",\"record\":{\"requestId\":\"" + VICTIM + "\",\"metrics\":{\"durationMs\":1.0}}}",
            "REPORT RequestId: " + VICTIM + "\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 512 MB\tMax Memory Used: 1 MB\t",
            "END RequestId: " + ATTACKER,
            "REPORT RequestId: " + ATTACKER + "\tDuration: 9.00 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB\t");

    private static List<String> local(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Cli(new ByteArrayInputStream((String.join("\n", LOCAL_OUTPUT) + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                (r, p, x) -> {
                    throw new AssertionError("local reads no AWS API");
                }, () -> 0L, false, ms -> { }).run(args);
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void localTellsTheVictimsStoryWithoutAnyLineTheAttackerPrinted() {
        List<String> victim = local("local", "--request", VICTIM_APIGW);

        assertThat(victim).containsExactly(
                "request " + VICTIM_APIGW,
                "  Lambda local · " + VICTIM + " · - · stdin",
                "    " + LOCAL_OUTPUT.get(0),
                "    " + LOCAL_OUTPUT.get(1),
                "    " + LOCAL_OUTPUT.get(2),
                "    " + Escape.text(LOCAL_OUTPUT.get(3)),
                "summary: request " + VICTIM_APIGW + " · status ? · local " + VICTIM + " 5.00 ms, warm");
    }

    @Test
    void localKeepsTheForgedLinesInTheAttackersOwnInvocationWithoutTheirClaims() {
        List<String> attacker = local("local", "--request", ATTACKER);

        assertThat(attacker).first().isEqualTo("request (no API Gateway ID)");
        assertThat(attacker).hasSize(2 + 8 + 1);
        for (int i = 4; i < LOCAL_OUTPUT.size(); i++) {
            assertThat(attacker).contains("    " + Escape.text(LOCAL_OUTPUT.get(i)));
        }
        assertThat(attacker).last().isEqualTo("summary: request ? · status ? · local " + ATTACKER + " 9.00 ms, warm");
    }
}
