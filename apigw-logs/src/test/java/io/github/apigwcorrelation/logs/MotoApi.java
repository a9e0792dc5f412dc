package io.github.apigwcorrelation.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Seeds moto through the SDK the way a deployed stack looks: roles, functions, a REST API, log groups, events. */
final class MotoApi implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String ACCESS_KEY = "testing";
    static final String SECRET_KEY = "testing";

    final CloudWatchLogsClient logs;
    final ApiGatewayClient apigateway;
    final LambdaClient lambda;
    final software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client apigatewayv2;
    final software.amazon.awssdk.services.cloudformation.CloudFormationClient cloudformation;
    private final IamClient iam;
    private String role;

    MotoApi(String endpoint) {
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        var http = Apache5HttpClient.builder().build();
        URI uri = URI.create(endpoint);
        logs = CloudWatchLogsClient.builder().region(Region.of(REGION)).credentialsProvider(creds).httpClient(http).endpointOverride(uri).build();
        apigateway = ApiGatewayClient.builder().region(Region.of(REGION)).credentialsProvider(creds).httpClient(http).endpointOverride(uri).build();
        lambda = LambdaClient.builder().region(Region.of(REGION)).credentialsProvider(creds).httpClient(http).endpointOverride(uri).build();
        apigatewayv2 = software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client.builder().region(Region.of(REGION))
                .credentialsProvider(creds).httpClient(http).endpointOverride(uri).build();
        cloudformation = software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder().region(Region.of(REGION))
                .credentialsProvider(creds).httpClient(http).endpointOverride(uri).build();
        iam = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(creds).httpClient(http).endpointOverride(uri).build();
    }

    static String functionArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    static String invocationUri(String functionRef) {
        return "arn:aws:apigateway:" + REGION + ":lambda:path/2015-03-31/functions/" + functionRef + "/invocations";
    }

    /** The functions' role (moto checks that a function's role exists), created on first use. */
    String role() {
        if (role == null) {
            role = iam.createRole(r -> r.roleName("orders-function-role").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        }
        return role;
    }

    /** Creates a java21 function; {@code logGroup} is sent as LoggingConfig.LogGroup (moto drops it). */
    void createFunction(String name, String logGroup) throws IOException {
        String role = role();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("placeholder.txt"));
            z.write("the code never runs here".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        lambda.createFunction(r -> {
            r.functionName(name).runtime(Runtime.JAVA21).role(role).handler("com.example.orders.Handler::handleRequest")
                    .memorySize(512).code(c -> c.zipFile(SdkBytes.fromByteArray(zip.toByteArray())));
            if (logGroup != null) {
                r.loggingConfig(l -> l.logGroup(logGroup).logFormat("JSON"));
            }
        });
    }

    /** A REST API; returns its ID. */
    String createRestApi(String name) {
        return apigateway.createRestApi(r -> r.name(name)).id();
    }

    String rootResource(String api) {
        return apigateway.getResources(r -> r.restApiId(api)).items().stream()
                .filter(x -> x.path().equals("/")).findFirst().orElseThrow().id();
    }

    String addResource(String api, String parent, String part) {
        return apigateway.createResource(r -> r.restApiId(api).parentId(parent).pathPart(part)).id();
    }

    /** @return a patch operation that sets {@code path} to {@code value} */
    static PatchOperation replace(String path, String value) {
        return PatchOperation.builder().op(Op.REPLACE).path(path).value(value).build();
    }

    void addLambdaMethod(String api, String resource, String method, IntegrationType type, String functionRef) {
        apigateway.putMethod(r -> r.restApiId(api).resourceId(resource).httpMethod(method).authorizationType("NONE"));
        apigateway.putIntegration(r -> r.restApiId(api).resourceId(resource).httpMethod(method).type(type)
                .integrationHttpMethod("POST").uri(invocationUri(functionRef)));
    }

    /** Deploys to {@code stage} and points its access log at {@code accessGroup} with the template's format. */
    void deploy(String api, String stage, String accessGroup) {
        apigateway.createDeployment(r -> r.restApiId(api).stageName(stage));
        String arn = "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + accessGroup;
        apigateway.updateStage(r -> r.restApiId(api).stageName(stage).patchOperations(
                replace("/accessLogSettings/destinationArn", arn),
                replace("/accessLogSettings/format",
                        "{\"requestId\":\"$context.requestId\",\"extendedRequestId\":\"$context.extendedRequestId\","
                                + "\"lambdaRequestId\":\"$context.integration.requestId\",\"status\":\"$context.status\","
                                + "\"responseLatency\":\"$context.responseLatency\",\"integrationLatency\":\"$context.integration.latency\"}")));
    }

    /**
     * An HTTP API ({@code HTTP}) or WebSocket API ({@code WEBSOCKET}) with one Lambda route, and a stage
     * whose access log goes to {@code accessGroup}; returns the API's ID.
     */
    String createV2Api(String protocol, String name, String function, String route, String stage, String accessGroup) {
        return createV2Api(protocol, name, function, route, stage, accessGroup,
                "{\"requestId\":\"$context.requestId\",\"lambdaRequestId\":\"$context.integration.requestId\",\"status\":\"$context.status\"}");
    }

    /** The same with the access log format given (moto 5.2.5 cannot update a v2 stage). */
    String createV2Api(String protocol, String name, String function, String route, String stage, String accessGroup,
                       String format) {
        var api = apigatewayv2.createApi(r -> r.name(name).protocolType(protocol).routeSelectionExpression(
                protocol.equals("WEBSOCKET") ? "$request.body.action" : null));
        String uri = protocol.equals("HTTP") ? functionArn(function) : invocationUri(functionArn(function));
        var integration = apigatewayv2.createIntegration(r -> r.apiId(api.apiId()).integrationType("AWS_PROXY")
                .integrationUri(uri).payloadFormatVersion(protocol.equals("HTTP") ? "2.0" : null));
        apigatewayv2.createRoute(r -> r.apiId(api.apiId()).routeKey(route).target("integrations/" + integration.integrationId()));
        apigatewayv2.createStage(r -> r.apiId(api.apiId()).stageName(stage).accessLogSettings(a -> a.destinationArn(
                "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + accessGroup).format(format)));
        return api.apiId();
    }

    /** Events of one stream, written in one PutLogEvents call (they must be in time order). */
    final class Stream {
        private final String group;
        private final String name;
        private final List<InputLogEvent> events = new ArrayList<>();

        Stream(String group, String name) {
            this.group = group;
            this.name = name;
        }

        Stream add(long timestamp, String message) {
            events.add(InputLogEvent.builder().timestamp(timestamp).message(message).build());
            return this;
        }

        void write() {
            if (logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().stream()
                    .noneMatch(g -> g.logGroupName().equals(group))) {
                logs.createLogGroup(r -> r.logGroupName(group));
            }
            if (logs.describeLogStreams(r -> r.logGroupName(group).logStreamNamePrefix(name)).logStreams().isEmpty()) {
                logs.createLogStream(r -> r.logGroupName(group).logStreamName(name));
            }
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName(name).logEvents(events));
            events.clear();
        }
    }

    Stream stream(String group, String name) {
        return new Stream(group, name);
    }

    @Override
    public void close() {
        logs.close();
        apigateway.close();
        lambda.close();
        apigatewayv2.close();
        cloudformation.close();
        iam.close();
    }
}
