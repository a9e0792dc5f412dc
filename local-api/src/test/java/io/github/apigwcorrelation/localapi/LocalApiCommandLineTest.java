package io.github.apigwcorrelation.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command line the local API cannot follow gets one line that names the problem and the fix, and no stack trace. */
class LocalApiCommandLineTest {
    @TempDir
    Path dir;

    /** What {@code local-api ARGS} prints on standard error, with {@code env} as its environment, and its status. */
    private record Run(int status, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        PrintStream previous = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(LocalApi.run(args, env), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(previous);
        }
    }

    /** A template whose one function is "built" (a class file where its handler should be). */
    private Path template() throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: fn/
                      Runtime: java21
                      Handler: com.example.Fn
                      Events:
                        Get:
                          Type: Api
                          Properties:
                            Path: /things
                            Method: GET
                """);
        Files.createDirectories(dir.resolve("fn/target/classes/com/example"));
        Files.createDirectories(dir.resolve("fn/target/dependency"));
        Files.write(dir.resolve("fn/target/classes/com/example/Fn.class"), new byte[0]);
        return file;
    }

    @Test
    void aMissingTemplateSaysWhereItLookedAndHowToPointAtIt() {
        Run run = run(Map.of(), "--template", dir.resolve("nope.yaml").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("local-api: no template at " + dir.resolve("nope.yaml").toAbsolutePath()
                + "; run local-api in the folder that holds template.yaml, or pass --template PATH\n");
    }

    @Test
    void aTakenPortNamesThePortAndTheOption() throws Exception {
        Path template = template();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run(Map.of(), "--template", template.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err()).startsWith("local-api: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .endsWith("; stop what uses it, or pass --port N (--port 0 picks a free port)\n")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aTakenSqsPortNamesThePortAndTheOption() throws Exception {
        Path template = dir.resolve("queue.yaml");
        Files.writeString(template, Files.readString(template()) + """
                  Orders:
                    Type: AWS::SQS::Queue
                """);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run(Map.of(), "--template", template.toString(), "--port", "0", "--sqs-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err()).startsWith("local-api: the SQS port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .endsWith("; stop what uses it, or pass --sqs-port N (--sqs-port 0 picks a free port)\n")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void theQueueOptionsAreCheckedLikeThePort() {
        assertThat(run(Map.of(), "--sqs-port", "70000").err()).startsWith(
                "local-api: --sqs-port 70000 is not a port number (0 to 65535; 0 picks a free one)\n");
        assertThat(run(Map.of(), "--visibility-timeout", "-1").err()).startsWith(
                "local-api: --visibility-timeout -1 is not a visibility timeout (0 to 43200 seconds)\n");
        assertThat(run(Map.of(), "--event-sources", "maybe").err()).startsWith(
                "local-api: --event-sources is on or off, not maybe\n");
    }

    @Test
    void aPortOutOfRangeOrNotANumberIsAUsageError() {
        for (String port : new String[] {"99999", "-1", "http"}) {
            Run run = run(Map.of(), "--port", port);
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).startsWith("local-api: --port " + port
                    + " is not a port number (0 to 65535; 0 picks a free one)\n" + LocalApi.USAGE);
        }
    }

    @Test
    void theLogFormatComesFromTheOptionOrTheExportedVariableAndEmptyMeansUnset() {
        assertThat(LocalApi.Options.parse(new String[] {"--log-format", "json"}, Map.of()).logFormat()).isEqualTo("JSON");
        assertThat(LocalApi.Options.parse(new String[0], Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON")).logFormat()).isEqualTo("JSON");
        assertThat(LocalApi.Options.parse(new String[] {"--log-format", "Text"}, Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"))
                .logFormat()).isEqualTo("Text");
        assertThat(LocalApi.Options.parse(new String[0], Map.of("AWS_LAMBDA_LOG_FORMAT", "")).logFormat()).isNull();
        assertThat(LocalApi.Options.parse(new String[0], Map.of("AWS_LAMBDA_LOG_FORMAT", " ")).logFormat()).isNull();

        Run option = run(Map.of(), "--log-format", "yaml");
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).startsWith("local-api: --log-format yaml is neither Text nor JSON\n");
        Run variable = run(Map.of("AWS_LAMBDA_LOG_FORMAT", "yaml"));
        assertThat(variable.status()).isEqualTo(2);
        assertThat(variable.err()).startsWith("local-api: AWS_LAMBDA_LOG_FORMAT=yaml is neither Text nor JSON\n");
    }

    @Test
    void anEnvironmentVariableLambdaReservesIsRefusedByName() throws Exception {
        Path template = template();
        Files.writeString(template, Files.readString(template).replace("      Events:",
                "      Environment:\n        Variables:\n          AWS_REGION: eu-west-1\n      Events:"));
        Run run = run(Map.of(), "--template", template.toString(), "--port", "0");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("local-api: cannot serve " + template + ": function Fn: Environment.Variables sets"
                + " AWS_REGION, which Lambda reserves (deploying fails); remove it\n");
    }
}
