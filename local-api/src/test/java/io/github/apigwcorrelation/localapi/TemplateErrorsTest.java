package io.github.apigwcorrelation.localapi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A template the local API cannot serve fails at start, with a message naming the resource. */
class TemplateErrorsTest {
    @TempDir
    Path dir;

    private LocalApi.Options options(String template) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, template);
        Files.createDirectories(dir.resolve("fn/target/classes"));
        Files.createDirectories(dir.resolve("fn/target/dependency"));
        return new LocalApi.Options(file, 0, null, null, null, null);
    }

    private static final String FUNCTION = """
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: fn/
                  Runtime: java21
                  Handler: %s
                  Events:
                    Get:
                      Type: Api
                      Properties:
                        Path: /things/{id}
                        Method: GET
            """;

    @Test
    void anUnknownHandlerClassNamesTheFunctionAndTheClass() throws Exception {
        LocalApi.Options options = options("Resources:\n" + FUNCTION.formatted("com.example.Missing"));
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("function Fn: handler class com.example.Missing is not in its code");
    }

    @Test
    void anUnsupportedIntegrationNamesTheApiMethodAndPath() throws Exception {
        LocalApi.Options options = options("""
                Resources:
                  Api:
                    Type: AWS::Serverless::Api
                    Properties:
                      StageName: dev
                      DefinitionBody:
                        openapi: "3.0.1"
                        paths:
                          /things:
                            get:
                              x-amazon-apigateway-integration:
                                type: http_proxy
                                httpMethod: GET
                                uri: https://example.com/things
                """ + FUNCTION.formatted("com.example.Missing"));
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Api Api, GET /things: integration type http_proxy is not supported"
                        + " (only Lambda integrations: aws_proxy and aws)");
    }

    @Test
    void aFunctionThatIsNotJavaIsRefusedByName() throws Exception {
        LocalApi.Options options = options(("Resources:\n" + FUNCTION.formatted("app.handler")).replace("java21", "python3.12"));
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("function Fn: runtime python3.12 is not a Java runtime");
    }

    @Test
    void twoApisOnTheSameMethodAndPathAreRefused() throws Exception {
        String second = FUNCTION.formatted("com.example.Other").replace("Fn:", "Fn2:").replace("Type: Api", "Type: HttpApi");
        LocalApi.Options options = options("Resources:\n" + FUNCTION.formatted("com.example.Missing") + second);
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("GET /things/{id} is declared by both ServerlessRestApi and ServerlessHttpApi; one port cannot serve both");
    }

    @Test
    void anUnbuiltFunctionSaysHowToBuildIt() throws Exception {
        LocalApi.Options options = options("Resources:\n" + FUNCTION.formatted("com.example.Missing"));
        Files.delete(dir.resolve("fn/target/dependency"));
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("function Fn: ")
                .hasMessageContaining("mvn package dependency:copy-dependencies -DincludeScope=runtime");
    }

    private static final String CONSUMER = """
              Consumer:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: fn/
                  Runtime: java21
                  Handler: com.example.Missing
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: %s
            """;

    @Test
    void aFifoQueueIsRefusedByName() throws Exception {
        LocalApi.Options options = options("""
                Resources:
                  Orders:
                    Type: AWS::SQS::Queue
                    Properties:
                      FifoQueue: true
                """ + FUNCTION.formatted("com.example.Missing"));
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("queue Orders: FifoQueue is not supported (the local API makes standard queues only)");
    }

    @Test
    void aDeadLetterTargetThatIsNotAQueueOfTheTemplateIsRefused() throws Exception {
        LocalApi.Options options = options("""
                Resources:
                  Orders:
                    Type: AWS::SQS::Queue
                    Properties:
                      RedrivePolicy:
                        deadLetterTargetArn: arn:aws:sqs:us-east-1:123456789012:elsewhere
                        maxReceiveCount: 3
                """ + FUNCTION.formatted("com.example.Missing"));
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("queue Orders: RedrivePolicy.deadLetterTargetArn must be !GetAtt <a queue of this template>.Arn");
    }

    @Test
    void anSqsEventOnAQueueOutsideTheTemplateNamesTheFunctionAndTheEvent() throws Exception {
        LocalApi.Options options = options("Resources:\n" + FUNCTION.formatted("com.example.Missing")
                + CONSUMER.formatted("arn:aws:sqs:us-east-1:123456789012:elsewhere"));
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("function Consumer, event Work: Queue must be !GetAtt <a queue of this template>.Arn"
                        + " (the local API serves its own queues only)");
    }

    /** An event source setting the local API cannot follow stops it, rather than being ignored or run otherwise. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            FilterCriteria (never ignored)      | FilterCriteria: {Filters: [{Pattern: '{"body":{"type":["OrderCreated"]}}'}]} | FilterCriteria is not supported (the local API delivers every message)
            BatchSize over 10 without a window  | BatchSize: 50 | BatchSize 50 with MaximumBatchingWindowInSeconds 0 is not a valid SQS event source (1 to 10, or up to 10,000 with a window of 1 to 300 s)
            """)
    void anSqsEventSourceItCannotRunNamesTheFunctionTheEventAndTheSetting(String setting, String property, String message)
            throws Exception {
        LocalApi.Options options = options("""
                Resources:
                  Orders:
                    Type: AWS::SQS::Queue
                """ + FUNCTION.formatted("com.example.Missing") + CONSUMER.formatted("!GetAtt Orders.Arn")
                + "            " + property + "\n");
        assertThatThrownBy(() -> LocalApi.start(options))
                .isInstanceOf(TemplateException.class)
                .hasMessage("function Consumer, event Work: " + message);
    }
}
