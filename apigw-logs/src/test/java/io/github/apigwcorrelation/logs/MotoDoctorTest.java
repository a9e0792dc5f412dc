package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * {@code doctor} against moto: a stage where everything holds, one where each thing is broken, an
 * HTTP API, a wrong ID, and a permission missing. moto stores no {@code LoggingConfig} and checks no
 * IAM policy: {@link LoggingConfigProxy} adds the first and answers a denied call with AWS's 403.
 */
@Tag("needs-tools")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MotoDoctorTest {
    static final String A = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    static final String L = "17e2e82d-2c77-4a6d-b251-546905c5334a";
    static final String ROLE = "arn:aws:iam::123456789012:role/apigw-cloudwatch";

    private MotoServer moto;
    private LoggingConfigProxy proxy;
    private MotoApi aws;
    private String good;
    private String bad;
    private String http;

    @BeforeAll
    void seed() throws Exception {
        moto = MotoServer.start();
        proxy = new LoggingConfigProxy(moto.endpoint());
        aws = new MotoApi(moto.endpoint());
        System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);
        long now = System.currentTimeMillis();

        // Healthy: INFO logging, JSON access log with both IDs and latencies, a function logging both IDs.
        aws.createFunction("DocGood", "/app/DocGood");
        proxy.setLogGroup("DocGood", "/app/DocGood");
        good = aws.createRestApi("doc-good");
        aws.addLambdaMethod(good, aws.addResource(good, aws.rootResource(good), "orders"), "GET", IntegrationType.AWS_PROXY,
                MotoApi.functionArn("DocGood"));
        aws.deploy(good, "prod", "/doc/good-access");
        aws.apigateway.updateStage(r -> r.restApiId(good).stageName("prod").patchOperations(
                MotoApi.replace("/*/*/logging/loglevel", "INFO")));
        aws.stream("API-Gateway-Execution-Logs_" + good + "/prod", "e").add(now - 60_000, "(" + A + ") Method completed with status: 200").write();
        aws.stream("/doc/good-access", "a").add(now - 60_000, "{\"requestId\":\"" + A + "\",\"lambdaRequestId\":\"" + L + "\"}").write();
        aws.stream("/app/DocGood", "s").add(now - 61_000, "START RequestId: " + L + " Version: $LATEST")
                .add(now - 60_500, "{\"level\":\"INFO\",\"message\":\"GET order\",\"AWSRequestId\":\"" + L + "\",\"ApiGatewayRequestId\":\"" + A + "\"}")
                .add(now - 60_400, "pricing with rule set v7")
                .add(now - 60_300, "REPORT RequestId: " + L + "\tDuration: 1.00 ms").write();

        // Broken: no logging level, a non-JSON access format with a control character and no integration ID,
        // a function whose lines lack the API Gateway ID, and one that never ran (no group).
        aws.createFunction("DocPlain", null);
        aws.createFunction("DocNeverRan", null);
        bad = aws.createRestApi("doc-bad");
        String root = aws.rootResource(bad);
        aws.addLambdaMethod(bad, aws.addResource(bad, root, "a"), "GET", IntegrationType.AWS_PROXY, MotoApi.functionArn("DocPlain"));
        aws.addLambdaMethod(bad, aws.addResource(bad, root, "b"), "GET", IntegrationType.AWS_PROXY, MotoApi.functionArn("DocNeverRan"));
        aws.deploy(bad, "prod", "/doc/bad-access");
        aws.apigateway.updateStage(r -> r.restApiId(bad).stageName("prod").patchOperations(
                MotoApi.replace("/accessLogSettings/format", "$context.requestId \u001b[2K$context.status")));
        aws.stream("/aws/lambda/DocPlain", "s").add(now - 60_000, "2026-11-27T10:00:00.000Z " + L + " INFO plain Log4j line")
                .add(now - 59_000, "{\"level\":\"INFO\",\"AWSRequestId\":\"" + L + "\",\"ApiGatewayRequestId\":\"-\"}").write();

        http = aws.createV2Api("HTTP", "doc-http", "DocGood", "GET /orders", "$default", "/doc/http-access");
        aws.stream("/doc/http-access", "a").add(now - 60_000, "{\"requestId\":\"" + A + "\"}").write();
    }

    @AfterAll
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (aws != null) {
            aws.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    record Result(int code, List<String> out, String err) {
    }

    private Result doctor(String api, String stage, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("doctor", "--api-id", api, "--stage", stage, "--region", MotoApi.REGION,
                "--endpoint-url", proxy.endpoint()));
        args.addAll(List.of(more));
        int code = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clients::create, System::currentTimeMillis, false,
                Thread::sleep).run(args.toArray(new String[0]));
        return new Result(code, out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList()),
                MotoEndToEndTest.withoutExportNote(err.toString(StandardCharsets.UTF_8)));
    }

    private void role(String arn) {
        aws.apigateway.updateAccount(r -> r.patchOperations(MotoApi.replace("/cloudwatchRoleArn", arn)));
    }

    @Test
    void aStageWhereEverythingHoldsExitsZero() {
        role(ROLE);

        Result r = doctor(good, "prod");

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).containsExactly(
                "doctor: REST API " + good + ", stage prod",
                "  ok    execution logging: level INFO for every method (*/*)",
                "  ok    account CloudWatch role: " + ROLE,
                "  ok    access log IDs: to /doc/good-access; requestId as \"requestId\", integration request ID as \"lambdaRequestId\" ($context.integration.requestId)",
                "  ok    access log latencies (waterfall): responseLatency as \"responseLatency\", integration latency as \"integrationLatency\"",
                "  ok    execution log group: API-Gateway-Execution-Logs_" + good + "/prod",
                "  ok    access log group: /doc/good-access",
                "  ok    function DocGood: LoggingConfig JSON, group /app/DocGood; /app/DocGood exists",
                "  ok    function DocGood lines carry both IDs: 1 of 2 application lines in the last 1 h carry both",
                "doctor: all 8 checks hold");
        assertThat(r.code()).isZero();
    }

    @Test
    void everyGapIsOneFailingCheckWithAOneLineFix() {
        role("");

        Result r = doctor(bad, "prod");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains(
                "  FAIL  execution logging: level not set (OFF) for every method (*/*)",
                "        fix: aws apigateway update-stage --rest-api-id " + bad + " --stage-name prod --patch-operations "
                        + "op=replace,path=/*/*/logging/loglevel,value=INFO",
                "  FAIL  account CloudWatch role: none set, so API Gateway cannot write execution or access logs in us-east-1",
                "  FAIL  access log IDs: the format is not JSON: $context.requestId \\u001b[2K$context.status",
                "  FAIL  execution log group: API-Gateway-Execution-Logs_" + bad + "/prod does not exist",
                "  FAIL  access log group: /doc/bad-access does not exist",
                "  FAIL  function DocNeverRan: LoggingConfig not set (Text, /aws/lambda/DocNeverRan); /aws/lambda/DocNeverRan does not exist",
                "        fix: invoke DocNeverRan once (Lambda creates its group on the first line), or: aws logs create-log-group "
                        + "--log-group-name /aws/lambda/DocNeverRan",
                "  ok    function DocPlain: LoggingConfig not set (Text, /aws/lambda/DocPlain); /aws/lambda/DocPlain exists",
                "  FAIL  function DocPlain lines carry both IDs: 0 of 2 application lines in the last 1 h carry both",
                "  FAIL  function DocNeverRan lines carry both IDs: no log group to read");
        assertThat(r.out()).last().isEqualTo("doctor: 9 of 10 checks fail");
        // Each failing check is followed by exactly one fix line.
        for (int i = 0; i < r.out().size(); i++) {
            if (r.out().get(i).startsWith("  FAIL")) {
                assertThat(r.out().get(i + 1)).startsWith("        fix: ");
                assertThat(r.out().get(i + 2)).doesNotStartWith("        fix: ");
            }
        }
        assertThat(String.join("\n", r.out())).doesNotContain("\u001b");
    }

    @Test
    void anHttpApiHasNoExecutionLogNorAccountRoleToCheck() {
        Result r = doctor(http, "$default", "--output", "json");

        List<Map<String, Object>> checks = r.out().stream().map(Json::parseObject).collect(Collectors.toList());
        assertThat(checks).extracting(c -> Json.text(c, "check")).containsExactly("access log IDs", "access log latencies (waterfall)",
                "access log group", "function DocGood", "function DocGood lines carry both IDs", null);
        assertThat(checks.get(0)).containsEntry("ok", true);
        assertThat(checks.get(1)).containsEntry("ok", false);
        assertThat(Json.text(checks.get(1), "fix")).startsWith("add \"responseLatency\":\"$context.responseLatency\"")
                .contains("aws apigatewayv2 update-stage --api-id " + http + " --stage-name $default --access-log-settings ");
        assertThat(checks.get(5)).containsEntry("summary", true).containsEntry("failed", 1);
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void aWebSocketApiChecksItsDefaultRouteLoggingAndTheAccountRole() {
        role(ROLE);
        String ws = aws.createV2Api("WEBSOCKET", "doc-ws", "DocGood", "$default", "prod", "/doc/ws-access");

        Result r = doctor(ws, "prod");

        assertThat(r.out()).startsWith("doctor: WebSocket API " + ws + ", stage prod",
                "  FAIL  execution logging: default route logging level OFF",
                "        fix: aws apigatewayv2 update-stage --api-id " + ws + " --stage-name prod --default-route-settings LoggingLevel=INFO",
                "  ok    account CloudWatch role: " + ROLE);
        assertThat(r.out()).contains("  FAIL  execution log group: API-Gateway-Execution-Logs_" + ws + "/prod does not exist");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void aMissingPermissionIsAFailingCheckThatNamesIt() {
        proxy.deny("GET", "/account", "apigateway:GET on resource: arn:aws:apigateway:us-east-1::/account");
        try {
            Result r = doctor(good, "prod");

            assertThat(r.out()).contains("  FAIL  account CloudWatch role: cannot check: Permission denied: apigateway:GET on /account "
                            + "(AccessDeniedException: User: arn:aws:iam::123456789012:user/doctor is not authorized to perform: "
                            + "apigateway:GET on resource: arn:aws:apigateway:us-east-1::/account).",
                    "        fix: grant apigateway:GET on /account to the caller");
            assertThat(r.code()).isEqualTo(1);
        } finally {
            proxy.allowAll();
        }
    }

    @Test
    void aWrongApiIdOrStageIsOneLineNamingTheFix() {
        Result noApi = doctor("nope123456", "prod");
        assertThat(noApi.code()).isEqualTo(3);
        assertThat(noApi.out()).isEmpty();
        assertThat(noApi.err()).isEqualTo("apigw-logs: No REST, HTTP or WebSocket API with ID 'nope123456' in this region "
                + "(apigateway:GetRestApi, apigateway:GetApi). Check --api-id and --region.\n");

        Result noStage = doctor(good, "staging");
        assertThat(noStage.code()).isEqualTo(3);
        assertThat(noStage.err()).isEqualTo("apigw-logs: REST API " + good + " has no stage 'staging' (apigateway:GetStage); its stages: prod\n");
    }
}
