package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * {@code request} at the edges of the time CloudWatch accepts, on every engine: an execution line
 * stamped almost 14 days back, and function lines from a clock almost 2 hours fast, both found with
 * the default end of the window.
 */
@Tag("needs-tools")
class MotoRequestTimeTest {
    static final String A = "0c9d8e7f-1a2b-4c3d-8e9f-a0b1c2d3e4f5";
    static final String L = "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910";

    @ParameterizedTest(name = "--engine {0}")
    @ValueSource(strings = {"filter", "insights", "auto"})
    void linesFourteenDaysBackAndTwoHoursAheadArePartOfTheStory(String engine) throws Exception {
        try (MotoServer moto = MotoServer.start(); MotoApi aws = new MotoApi(moto.endpoint())) {
            aws.createFunction("TimeFn", null);
            String api = aws.createRestApi("time");
            aws.addLambdaMethod(api, aws.addResource(api, aws.rootResource(api), "t"), "GET", IntegrationType.AWS_PROXY,
                    MotoApi.functionArn("TimeFn"));
            aws.deploy(api, "prod", "/time/access");
            long now = System.currentTimeMillis();
            long old = now - 14 * 86_400_000L + 3_600_000L;
            long ahead = now + 2 * 3_600_000L - 5 * 60_000L;
            aws.stream("API-Gateway-Execution-Logs_" + api + "/prod", "e").add(old, "(" + A + ") Starting execution for request: " + A)
                    .add(old + 1, "(" + A + ") AWS Integration Endpoint RequestId : " + L).write();
            aws.stream("/aws/lambda/TimeFn", "s").add(ahead, "START RequestId: " + L + " Version: $LATEST")
                    .add(ahead + 1, Printer.iso(ahead + 1) + " " + L + " APIG: " + A + " - INFO  Handler - from a fast clock")
                    .add(ahead + 2, "REPORT RequestId: " + L + "\tDuration: 2.00 ms").write();
            System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), Clients::create, System::currentTimeMillis, false,
                        Thread::sleep).run("request", A, "--api-id", api, "--stage", "prod", "--start", "14d ago", "--engine", engine,
                        "--no-color", "--region", MotoApi.REGION, "--endpoint-url", moto.endpoint());

                assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
                List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
                assertThat(lines).anyMatch(l -> l.contains("Starting execution for request: " + A))
                        .anyMatch(l -> l.contains("from a fast clock"))
                        .anyMatch(l -> l.startsWith("summary: request " + A) && l.contains("TimeFn " + L + " 2.00 ms, warm"));
                assertThat(MotoEndToEndTest.withoutExportNote(err.toString(StandardCharsets.UTF_8)).replace(MotoEndToEndTest.NO_HOPS, "")
                        .replaceAll("apigw-logs: log group /time/access \\(access\\) does not exist yet: [^\\n]*\\n", "")).isEmpty();
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }
}
