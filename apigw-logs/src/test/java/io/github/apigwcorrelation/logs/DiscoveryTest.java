package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.AccessLogSettings;
import software.amazon.awssdk.services.apigateway.model.Authorizer;
import software.amazon.awssdk.services.apigateway.model.GetAuthorizersRequest;
import software.amazon.awssdk.services.apigateway.model.GetAuthorizersResponse;
import software.amazon.awssdk.services.apigateway.model.GetResourcesRequest;
import software.amazon.awssdk.services.apigateway.model.GetResourcesResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApiRequest;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GetStageRequest;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.Integration;
import software.amazon.awssdk.services.apigateway.model.Method;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** Finding a stage's log groups: paginated resources, aliases, stage variables, LoggingConfig, errors. */
class DiscoveryTest {
    private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:";
    private final List<GetResourcesRequest> resourceRequests = new ArrayList<>();
    private final List<String> configRequests = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<software.amazon.awssdk.services.apigateway.model.GetExportRequest> exportRequests = new ArrayList<>();
    private boolean exportWorks;

    private static String uri(String functionRef) {
        return "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + functionRef + "/invocations";
    }

    private static Resource resource(String path, String functionRef) {
        return Resource.builder().id(path).path(path).resourceMethods(Map.of("GET", Method.builder().methodIntegration(
                Integration.builder().type("AWS_PROXY").uri("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
                        + functionRef + "/invocations").build()).build())).build();
    }

    /** Two pages of resources (one with an HTTP integration), one authorizer, and a stage. */
    private final ApiGatewayClient apigateway = new ApiGatewayClient() {
        @Override
        public GetRestApiResponse getRestApi(GetRestApiRequest r) {
            if (!r.restApiId().equals("abc123")) {
                throw software.amazon.awssdk.services.apigateway.model.NotFoundException.builder().statusCode(404)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotFoundException").build()).build();
            }
            return GetRestApiResponse.builder().id("abc123").build();
        }

        @Override
        public GetStageResponse getStage(GetStageRequest r) {
            return GetStageResponse.builder().stageName("prod").variables(Map.of("fn", "Beta"))
                    .accessLogSettings(AccessLogSettings.builder()
                            .destinationArn("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/orders-access:*").build())
                    .build();
        }

        @Override
        public GetResourcesResponse getResources(GetResourcesRequest r) {
            resourceRequests.add(r);
            if (r.position() == null) {
                return GetResourcesResponse.builder().position("page-2").items(
                        resource("/orders", ARN + "Orders:live"),
                        resource("/orders/{id}", ARN + "Orders:7"),
                        Resource.builder().id("h").path("/health").resourceMethods(Map.of("GET", Method.builder()
                                .methodIntegration(Integration.builder().type("HTTP").uri("https://example.com/health").build())
                                .build())).build()).build();
            }
            return GetResourcesResponse.builder().items(
                    resource("/beta", ARN + "${stageVariables.fn}"),
                    resource("/custom", ARN + "Custom")).build();
        }

        /** The deployment the stage serves still calls Orders, Beta, Custom and Retired: not the draft's resources. */
        @Override
        public software.amazon.awssdk.services.apigateway.model.GetExportResponse getExport(
                software.amazon.awssdk.services.apigateway.model.GetExportRequest r) {
            exportRequests.add(r);
            if (!exportWorks) {
                throw software.amazon.awssdk.services.apigateway.model.BadRequestException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("BadRequestException").build()).build();
            }
            String body = "{\"openapi\":\"3.0.1\",\"paths\":{"
                    + "\"/orders\":{\"get\":{\"x-amazon-apigateway-integration\":{\"type\":\"aws_proxy\",\"uri\":\"" + uri(ARN + "Orders:live") + "\"}}},"
                    + "\"/beta\":{\"get\":{\"x-amazon-apigateway-integration\":{\"uri\":\"" + uri(ARN + "${stageVariables.fn}") + "\"}}},"
                    + "\"/custom\":{\"get\":{\"x-amazon-apigateway-integration\":{\"uri\":\"" + uri(ARN + "Custom") + "\"}}},"
                    + "\"/old\":{\"get\":{\"x-amazon-apigateway-integration\":{\"uri\":\"" + uri(ARN + "Retired") + "\"}},"
                    + "\"options\":{\"x-amazon-apigateway-integration\":{\"type\":\"mock\"}}}}}";
            return software.amazon.awssdk.services.apigateway.model.GetExportResponse.builder()
                    .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(body)).build();
        }

        @Override
        public GetAuthorizersResponse getAuthorizers(GetAuthorizersRequest r) {
            return GetAuthorizersResponse.builder().items(Authorizer.builder().name("auth")
                    .authorizerUri("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + ARN + "Auth/invocations").build())
                    .build();
        }

        @Override
        public String serviceName() {
            return "apigateway";
        }

        @Override
        public void close() {
        }
    };

    private final LambdaClient lambda = new LambdaClient() {
        @Override
        public GetFunctionConfigurationResponse getFunctionConfiguration(GetFunctionConfigurationRequest r) {
            synchronized (configRequests) {
                configRequests.add(r.functionName());
            }
            if (r.functionName().endsWith(":Custom")) {
                return GetFunctionConfigurationResponse.builder()
                        .loggingConfig(l -> l.logGroup("/shared/orders").logFormat("JSON")).build();
            }
            if (r.functionName().endsWith(":Auth")) {
                throw LambdaException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("AccessDeniedException").errorMessage("not allowed").build()).build();
            }
            return GetFunctionConfigurationResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "lambda";
        }

        @Override
        public void close() {
        }
    };

    /** No HTTP or WebSocket API either. */
    private final software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client noV2 =
            new software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client() {
                @Override
                public software.amazon.awssdk.services.apigatewayv2.model.GetApiResponse getApi(
                        software.amazon.awssdk.services.apigatewayv2.model.GetApiRequest r) {
                    throw software.amazon.awssdk.services.apigatewayv2.model.NotFoundException.builder().statusCode(404)
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotFoundException").build()).build();
                }

                @Override
                public String serviceName() {
                    return "apigatewayv2";
                }

                @Override
                public void close() {
                }
            };

    private Discovery discovery() {
        return new Discovery(apigateway, noV2, lambda, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void findsEveryGroupAcrossResourcePagesAliasesStageVariablesAndLoggingConfig() {
        List<Source> sources = discovery().sources("abc123", "prod");

        assertThat(sources).containsExactly(
                new Source("execution", "API-Gateway-Execution-Logs_abc123/prod", Source.Kind.EXECUTION),
                new Source("access", "/aws/apigateway/orders-access", Source.Kind.ACCESS),
                new Source("Auth", "/aws/lambda/Auth", Source.Kind.LAMBDA),
                new Source("Beta", "/aws/lambda/Beta", Source.Kind.LAMBDA),
                new Source("Custom", "/shared/orders", Source.Kind.LAMBDA),
                new Source("Orders", "/aws/lambda/Orders", Source.Kind.LAMBDA));
        assertThat(resourceRequests).extracting(GetResourcesRequest::position).containsExactly(null, "page-2");
        assertThat(resourceRequests.get(0).embed()).containsExactly("methods");
        // One lookup per function, by its unqualified ARN: Orders:live and Orders:7 are one function.
        assertThat(configRequests).containsExactlyInAnyOrder(ARN + "Auth", ARN + "Beta", ARN + "Custom", ARN + "Orders");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("apigw-logs: cannot export the deployment REST API abc123/prod "
                + "serves (BadRequestException); reading the API's current integrations\n" + "apigw-logs: Permission denied: "
                + "lambda:GetFunctionConfiguration on function " + ARN + "Auth (AccessDeniedException: not allowed). "
                + "apigw-logs/README.md lists the IAM permissions it needs.; reading /aws/lambda/Auth\n");
    }

    @Test
    void readsTheIntegrationsOfTheDeploymentTheStageServesNotTheDraft() {
        exportWorks = true;
        List<Source> sources = discovery().sources("abc123", "prod");

        assertThat(sources).extracting(Source::label).containsExactly("execution", "access", "Auth", "Beta", "Custom", "Orders", "Retired");
        assertThat(resourceRequests).isEmpty();
        assertThat(exportRequests).singleElement().satisfies(r -> {
            assertThat(r.stageName()).isEqualTo("prod");
            assertThat(r.parameters()).containsEntry("extensions", "integrations");
        });
    }

    @Test
    void aWrongApiIdIsAClearError() {
        assertThatThrownBy(() -> discovery().sources("nope", "prod"))
                .isInstanceOf(CliException.class)
                .hasMessage("No REST, HTTP or WebSocket API with ID 'nope' in this region "
                        + "(apigateway:GetRestApi, apigateway:GetApi). Check --api-id and --region.");
    }

    @Test
    void qualifiersAreStrippedFromArnsAndNames() {
        assertThat(Discovery.stripQualifier(ARN + "Orders:live")).isEqualTo(ARN + "Orders");
        assertThat(Discovery.stripQualifier(ARN + "Orders")).isEqualTo(ARN + "Orders");
        assertThat(Discovery.stripQualifier("Orders:$LATEST")).isEqualTo("Orders");
        assertThat(Discovery.functionName(ARN + "Orders")).isEqualTo("Orders");
        assertThat(Discovery.logGroupOf("arn:aws:logs:us-east-1:1:log-group:/a/b:*")).isEqualTo("/a/b");
    }
}
