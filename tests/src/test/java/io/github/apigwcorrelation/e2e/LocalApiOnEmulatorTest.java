package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.localapi.LocalApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local API with {@code --invoke emulator}: the same correlation, on the real runtime of the sam build output, on both builds of the sample. */
@Tag("needs-tools")
@ExtendWith(LambdaOutput.Capture.class)
class LocalApiOnEmulatorTest {
    private static final Pattern START = Pattern.compile("^START RequestId: (\\S+)\\s+Version: .*");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRequestThroughTheEmulatorLogsItsResponsesRequestIdOnEveryLine(Backend backend) throws Exception {
        List<String> output;
        HttpResponse<String> response;
        try (LocalApi api = LocalApi.start(new LocalApi.Options(SampleRoutes.repoRoot().resolve("template.yaml"), 0,
                Tools.samBuildDir(), Tools.runtimeInterfaceEmulator(), Tools.runtimeClientDir(),
                "JSON".equalsIgnoreCase(System.getenv("AWS_LAMBDA_LOG_FORMAT")) ? "JSON" : "Text"))) {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.port() + backend.route("/orders/7"))).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> seen = LambdaOutput.drain();
            output = new java.util.ArrayList<>(seen);
            while (output.stream().noneMatch(line -> line.startsWith("REPORT RequestId: ")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                output.addAll(LambdaOutput.drain());
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        String lambdaId = output.stream().map(START::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .findFirst().orElseThrow(() -> new AssertionError("no START line in " + output));
        List<LogLine> lines = output.stream()
                .filter(line -> !line.matches("^(START|END|REPORT) RequestId: .*"))
                .map(line -> LogLine.parse(line, "JSON".equalsIgnoreCase(System.getenv("AWS_LAMBDA_LOG_FORMAT"))))
                .toList();
        assertThat(lines).as("first line, handler, service, worker").hasSize(4);
        lines.forEach(line -> SampleApiCorrelationTest.assertIds(line, lambdaId, requestId));
    }
}
