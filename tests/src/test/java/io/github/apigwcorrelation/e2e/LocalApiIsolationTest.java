package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apigwcorrelation.e2e.probe.FailingInitProbe;
import io.github.apigwcorrelation.e2e.probe.IsolationProbe;
import io.github.apigwcorrelation.localapi.LocalApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each function of a template runs in execution environments of its own, with its own settings: its
 * {@code Environment.Variables} and not the host's, its {@code LoggingConfig.LogFormat} on its application lines,
 * its {@code MemorySize} (heap) and {@code Timeout}; one function's system properties are invisible to another. The
 * template mixes two probe functions (HTTP API) and the sample's order handler in JSON and in Text (REST API),
 * and no {@code --log-format} overrides the functions' own settings.
 */
@ExtendWith(LambdaOutput.Capture.class)
class LocalApiIsolationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern START = Pattern.compile("^START RequestId: (\\S+) Version: \\$LATEST$");
    private static final Pattern JSON_START = Pattern.compile("^\\{\"time\":\"[^\"]+\",\"type\":\"platform\\.start\",\"record\":\\{\"requestId\":\"([^\"]+)\".*");
    private static final Pattern REPORT = Pattern.compile("^REPORT RequestId: (\\S+)\\t.*");
    private static final Pattern JSON_REPORT = Pattern.compile("^\\{\"time\":\"[^\"]+\",\"type\":\"platform\\.report\",\"record\":\\{\"requestId\":\"([^\"]+)\".*");
    private static final String PROBE = IsolationProbe.class.getName();

    @TempDir
    static Path dir;
    private static LocalApi api;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        LambdaOutput.install();
        // The probes' code, laid out as `sam build` lays out a function: the class at the top of its folder.
        Path classFile = Path.of(IsolationProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(PROBE.replace('.', '/') + ".class");
        for (String function : List.of("ProbeA", "ProbeB", "ProbeInit")) {
            for (Class<?> probe : List.of(IsolationProbe.class, FailingInitProbe.class)) {
                String file = probe.getName().replace('.', '/') + ".class";
                Path target = dir.resolve("build/" + function + "/" + file);
                Files.createDirectories(target.getParent());
                Files.copy(classFile.resolveSibling(probe.getSimpleName() + ".class"), target);
            }
        }
        Path sample = SampleRoutes.repoRoot().resolve("sample-function").toAbsolutePath();
        String template = """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  ProbeA:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: probe/
                      Runtime: java21
                      Handler: %1$s
                      MemorySize: 256
                      Timeout: 2
                      Environment:
                        Variables:
                          GREETING: from-template-a
                      Events:
                        Get:
                          Type: HttpApi
                          Properties:
                            Path: /a/{action}
                            Method: GET
                  ProbeB:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: probe/
                      Runtime: java21
                      Handler: %1$s
                      Environment:
                        Variables:
                          ONLY_B: b
                      Events:
                        Get:
                          Type: HttpApi
                          Properties:
                            Path: /b/{action}
                            Method: GET
                  ProbeInit:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: probe/
                      Runtime: java21
                      Handler: %3$s
                      Events:
                        Get:
                          Type: HttpApi
                          Properties:
                            Path: /init/{action}
                            Method: GET
                  JsonOrders:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: %2$s
                      Runtime: java21
                      Handler: com.example.orders.GetOrderHandler
                      MemorySize: 512
                      LoggingConfig:
                        LogFormat: JSON
                      Events:
                        Get:
                          Type: Api
                          Properties:
                            Path: /json/{orderId}
                            Method: GET
                  TextOrders:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: %2$s
                      Runtime: java21
                      Handler: com.example.orders.GetOrderHandler
                      MemorySize: 512
                      LoggingConfig:
                        LogFormat: Text
                      Events:
                        Get:
                          Type: Api
                          Properties:
                            Path: /text/{orderId}
                            Method: GET
                """.formatted(PROBE, sample, FailingInitProbe.class.getName());
        Files.writeString(dir.resolve("template.yaml"), template);
        api = LocalApi.start(new LocalApi.Options(dir.resolve("template.yaml"), 0, dir.resolve("build"), null, null, null));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String answer(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void eachFunctionSeesItsOwnEnvironmentVariablesAndNotTheLocalApis() throws Exception {
        assertThat(answer("/a/env?name=GREETING")).isEqualTo("from-template-a");
        assertThat(answer("/b/env?name=GREETING")).isEqualTo("<unset>");
        assertThat(answer("/b/env?name=ONLY_B")).isEqualTo("b");
        assertThat(answer("/a/env?name=ONLY_B")).isEqualTo("<unset>");
        assertThat(answer("/a/env?name=AWS_LAMBDA_FUNCTION_NAME")).isEqualTo("ProbeA");
        assertThat(answer("/a/env?name=AWS_LAMBDA_FUNCTION_MEMORY_SIZE")).isEqualTo("256");
        assertThat(answer("/b/env?name=AWS_LAMBDA_FUNCTION_MEMORY_SIZE")).isEqualTo("128");
        assertThat(answer("/a/env?name=TZ")).isEqualTo(":UTC");
        // The local API's own environment does not leak in: HOME is set here, never in Lambda.
        assertThat(System.getenv("HOME")).as("this test needs a HOME in its own environment").isNotBlank();
        assertThat(answer("/a/env?name=HOME")).isEqualTo("<unset>");
        assertThat(answer("/a/env?name=PATH")).isEqualTo("/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        assertThat(answer("/a/envkeys").split(",")).doesNotContain("HOME", "USER", "LOGNAME", "JAVA_HOME", "MAVEN_OPTS")
                .contains("AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "_HANDLER", "AWS_LAMBDA_LOG_FORMAT", "GREETING");
        LambdaOutput.drain();
    }

    @Test
    void eachFunctionsMemorySizeBoundsItsHeapAsInLambda() throws Exception {
        // 85 % of MemorySize (256 MB and the default 128 MB); the JVM reports a little less than its -XX:MaxHeapSize.
        assertThat(Long.parseLong(answer("/a/maxheapmb"))).isBetween(190L, 218L);
        assertThat(Long.parseLong(answer("/b/maxheapmb"))).isBetween(95L, 109L);
        LambdaOutput.drain();
    }

    @Test
    void aSystemPropertyOneFunctionSetsIsInvisibleToAnother() throws Exception {
        assertThat(answer("/a/setprop?name=probe.secret&value=set-by-a")).isEqualTo("ok");
        assertThat(answer("/a/getprop?name=probe.secret")).as("the same warm environment").isEqualTo("set-by-a");
        assertThat(answer("/b/getprop?name=probe.secret")).isEqualTo("<unset>");
        LambdaOutput.drain();
    }

    @Test
    void eachFunctionsLogFormatReachesItsApplicationLines() throws Exception {
        HttpResponse<String> json = get("/json/7");
        List<String> jsonOutput = LambdaOutput.drain();
        HttpResponse<String> text = get("/text/8");
        List<String> textOutput = LambdaOutput.drain();

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(text.statusCode()).isEqualTo(200);
        assertEveryLineCarriesBothIds(jsonOutput, true, json.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertEveryLineCarriesBothIds(textOutput, false, text.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    /** Between START and REPORT, in the function's format, exactly the sample's four lines, each with both IDs. */
    private static void assertEveryLineCarriesBothIds(List<String> output, boolean json, String apiGatewayId) {
        String lambdaId = null;
        List<LogLine> lines = new ArrayList<>();
        boolean reported = false;
        for (String raw : output) {
            Matcher start = (json ? JSON_START : START).matcher(raw);
            Matcher report = (json ? JSON_REPORT : REPORT).matcher(raw);
            if (start.matches()) {
                lambdaId = start.group(1);
            } else if (report.matches()) {
                assertThat(report.group(1)).isEqualTo(lambdaId);
                reported = true;
            } else if (!raw.startsWith("END RequestId: ")) {
                assertThat(lambdaId).as("a line before START: " + raw).isNotNull();
                lines.add(LogLine.parse(raw, json));
            }
        }
        assertThat(reported).as(String.join("\n", output)).isTrue();
        assertThat(lines).as("first line, handler, service, worker").hasSize(4);
        for (LogLine line : lines) {
            SampleApiCorrelationTest.assertIds(line, lambdaId, apiGatewayId);
        }
    }

    @Test
    void anInvocationThatOutlivesItsTimeoutIsStoppedAndTheNextOneStartsCold() throws Exception {
        answer("/a/env?name=GREETING");
        LambdaOutput.drain();
        long started = System.nanoTime();
        HttpResponse<String> slow = get("/a/sleep?millis=20000");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        List<String> output = LambdaOutput.drain();
        HttpResponse<String> next = get("/a/env?name=GREETING");
        List<String> nextOutput = LambdaOutput.drain();

        // HTTP API: a failed invocation is a 500, and the environment is gone long before the 20 s sleep ends.
        assertThat(slow.statusCode()).isEqualTo(500);
        assertThat(MAPPER.readTree(slow.body()).path("message").asText()).isEqualTo("Internal Server Error");
        assertThat(slow.headers().firstValue("apigw-requestid")).isPresent();
        assertThat(tookMillis).isBetween(2_000L, 15_000L);
        String lambdaId = output.stream().map(START::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError(output));
        assertThat(output).anyMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z " + lambdaId
                + " Task timed out after 2\\.00 seconds$"));
        assertThat(output).anyMatch(line -> line.startsWith("REPORT RequestId: " + lambdaId + "\t") && line.contains("\tStatus: timeout"));
        // A new execution environment: a cold start again.
        assertThat(next.body()).isEqualTo("from-template-a");
        assertThat(nextOutput).anyMatch(line -> line.startsWith("REPORT RequestId: ") && line.contains("\tInit Duration: "));
    }

    @Test
    void anUnknownPathOfAnHttpApiIs404NotFoundWithItsRequestId() throws Exception {
        HttpResponse<String> response = get("/a/b/c");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isEmpty();
        assertThat(LambdaOutput.drain()).isEmpty();
    }

    @Test
    void anEnvironmentWhoseInitFailsAnswersTheRequestAsAFunctionErrorAndSaysWhy() throws Exception {
        HttpResponse<String> response = get("/init/anything");
        List<String> output = LambdaOutput.drain();

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        // The runtime's report of the failed init is one line, then Lambda's INIT_REPORT; no invocation started.
        assertThat(output).anyMatch(line -> line.startsWith("init failed on purpose\\nsecond line: java.lang.IllegalStateException\\n")
                && line.contains("\\n\tat " + FailingInitProbe.class.getName() + ".<init>("));
        assertThat(output).anyMatch(line -> line.matches(
                "^INIT_REPORT Init Duration: [\\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.BadFunctionCode$"));
        assertThat(output).noneMatch(line -> line.startsWith("START "));
    }
}
