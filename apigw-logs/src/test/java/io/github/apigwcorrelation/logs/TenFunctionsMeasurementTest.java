package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * The figures the issue asks for: API calls and time to first line for a 10-minute window of an API
 * with 10 functions (moto on loopback; CloudWatch adds network latency and its 5 calls/s quota).
 */
@Tag("needs-tools")
class TenFunctionsMeasurementTest {
    private static final int FUNCTIONS = 10;
    private static final int EVENTS_PER_GROUP = 60;

    @Test
    void aTenMinuteWindowOfTenFunctionsTakesOneCallPerGroupPlusDiscovery() throws Exception {
        try (MotoServer moto = MotoServer.start(); MotoApi aws = new MotoApi(moto.endpoint())) {
            String api = aws.createRestApi("ten");
            String root = aws.rootResource(api);
            for (int i = 0; i < FUNCTIONS; i++) {
                aws.createFunction("fn" + i, null);
                aws.addLambdaMethod(api, aws.addResource(api, root, "r" + i), "GET", IntegrationType.AWS_PROXY, MotoApi.functionArn("fn" + i));
            }
            aws.deploy(api, "prod", "/ten/access");
            long start = (System.currentTimeMillis() / 1000) * 1000 - 15 * 60_000;
            long end = start + 10 * 60_000;
            String[] groups = new String[FUNCTIONS + 2];
            groups[0] = "API-Gateway-Execution-Logs_" + api + "/prod";
            groups[1] = "/ten/access";
            for (int i = 0; i < FUNCTIONS; i++) {
                groups[i + 2] = "/aws/lambda/fn" + i;
            }
            for (String g : groups) {
                MotoApi.Stream s = aws.stream(g, "stream-1");
                for (int e = 0; e < EVENTS_PER_GROUP; e++) {
                    s.add(start + e * 10_000L, g + " event " + e);
                }
                s.write();
            }
            System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                long t0 = System.nanoTime();
                int code = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), Clients::create, System::currentTimeMillis, false,
                        Thread::sleep).run("get", "--api-id", api, "--stage", "prod", "--start", Printer.iso(start),
                        "--end", Printer.iso(end), "--stats", "--region", MotoApi.REGION, "--endpoint-url", moto.endpoint());
                long totalMs = (System.nanoTime() - t0) / 1_000_000;

                assertThat(code).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(groups.length * EVENTS_PER_GROUP);
                String stats = MotoEndToEndTest.withoutExportNote(err.toString(StandardCharsets.UTF_8)).strip();
                Matcher m = Pattern.compile("^apigw-logs stats: (\\d+) API calls \\{(.*)}; first line after (\\d+) ms; (\\d+) lines; 0 retries$")
                        .matcher(stats);
                assertThat(m.matches()).as(stats).isTrue();
                Map<String, String> calls = new TreeMap<>();
                for (String kv : m.group(2).split(", ")) {
                    calls.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "ApiGateway GetRestApi", "1", "ApiGateway GetStage", "1", "ApiGateway GetResources", "1",
                        "ApiGateway GetAuthorizers", "1", "ApiGateway GetExport", "1", "Lambda GetFunctionConfiguration", "10",
                        "CloudWatchLogs FilterLogEvents", "12"));
                assertThat(m.group(1)).isEqualTo("27");
                Measured.report("10 functions, 12 groups, 10-minute window, " + groups.length * EVENTS_PER_GROUP
                        + " events: " + m.group(1) + " API calls " + calls + "; first line after " + m.group(3)
                        + " ms; whole command " + totalMs + " ms (in-process, JVM already warm from seeding)");
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }
}
