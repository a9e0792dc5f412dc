package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsRequest;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsResponse;

/** Which functions {@code request} searches for hops, with how many calls, in an account of any size. */
class DownstreamTest {
    static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:";
    static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue";
    static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:orders-queue";
    static final String NESTED = "arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-Notify-1ABC/0f1e2d3c";

    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final List<String> calls = new ArrayList<>();
    final Map<String, List<List<StackResourceSummary>>> stacks = new HashMap<>();
    final List<EventSourceMappingConfiguration> mappings = new ArrayList<>();
    RuntimeException describeFails;
    RuntimeException listMappingsFails;
    RuntimeException listStackFails;

    static StackResourceSummary resource(String type, String physicalId) {
        return StackResourceSummary.builder().resourceType(type).physicalResourceId(physicalId).logicalResourceId("L").build();
    }

    static CloudFormationException cfnError(String code, int status) {
        return (CloudFormationException) CloudFormationException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    static EventSourceMappingConfiguration mapping(String source, String function) {
        return EventSourceMappingConfiguration.builder().eventSourceArn(source).functionArn(function).build();
    }

    final CloudFormationClient cloudformation = new CloudFormationClient() {
        @Override
        public DescribeStackResourcesResponse describeStackResources(DescribeStackResourcesRequest r) {
            calls.add("DescribeStackResources " + r.physicalResourceId());
            if (describeFails != null) {
                throw describeFails;
            }
            return DescribeStackResourcesResponse.builder().stackResources(StackResource.builder().stackName("orders")
                    .physicalResourceId(r.physicalResourceId()).resourceType("AWS::ApiGateway::RestApi").build()).build();
        }

        @Override
        public ListStackResourcesResponse listStackResources(ListStackResourcesRequest r) {
            calls.add("ListStackResources " + r.stackName() + (r.nextToken() == null ? "" : " " + r.nextToken()));
            if (listStackFails != null) {
                throw listStackFails;
            }
            List<List<StackResourceSummary>> pages = stacks.get(r.stackName());
            if (pages == null) {
                throw cfnError("ValidationError", 400);
            }
            int page = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            return ListStackResourcesResponse.builder().stackResourceSummaries(pages.get(page))
                    .nextToken(page + 1 < pages.size() ? Integer.toString(page + 1) : null).build();
        }

        @Override
        public String serviceName() {
            return "cloudformation";
        }

        @Override
        public void close() {
        }
    };

    final LambdaClient lambda = new LambdaClient() {
        @Override
        public ListEventSourceMappingsResponse listEventSourceMappings(ListEventSourceMappingsRequest r) {
            calls.add("ListEventSourceMappings" + (r.eventSourceArn() == null ? "" : " " + r.eventSourceArn())
                    + (r.marker() == null ? "" : " " + r.marker()));
            if (listMappingsFails != null) {
                throw listMappingsFails;
            }
            List<EventSourceMappingConfiguration> matching = mappings.stream()
                    .filter(m -> r.eventSourceArn() == null || r.eventSourceArn().equals(m.eventSourceArn())).toList();
            int from = r.marker() == null ? 0 : Integer.parseInt(r.marker());
            int to = Math.min(matching.size(), from + r.maxItems());
            return ListEventSourceMappingsResponse.builder().eventSourceMappings(matching.subList(from, to))
                    .nextMarker(to < matching.size() ? Integer.toString(to) : null).build();
        }

        @Override
        public GetFunctionConfigurationResponse getFunctionConfiguration(GetFunctionConfigurationRequest r) {
            synchronized (calls) {
                calls.add("GetFunctionConfiguration");
            }
            if (r.functionName().endsWith("Missing")) {
                throw (LambdaException) LambdaException.builder().statusCode(404).message("not found")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
            }
            return GetFunctionConfigurationResponse.builder().functionName(r.functionName()).build();
        }

        @Override
        public String serviceName() {
            return "lambda";
        }

        @Override
        public void close() {
        }
    };

    Downstream.Found find(List<String> named, List<String> stackNames) {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Discovery discovery = new Discovery((ApiGatewayClient) null, (ApiGatewayV2Client) null, lambda, e);
        return new Downstream(cloudformation, lambda, discovery, e).find("api123", stackNames, named, Set.of("CreateOrderFunction"));
    }

    static List<String> labels(Downstream.Found f) {
        return f.sources().stream().map(Source::label).toList();
    }

    void seedStack() {
        stacks.put("orders", List.of(
                List.of(resource("AWS::Lambda::Function", "CreateOrderFunction"), resource("AWS::Lambda::Function", "FulfilOrderFunction"),
                        resource("AWS::SQS::Queue", QUEUE_URL), resource("AWS::SNS::Topic", "arn:aws:sns:eu-west-1:123456789012:fulfilled"),
                        resource("AWS::Events::Rule", "orders-MailCustomer-1X")),
                List.of(resource("AWS::CloudFormation::Stack", NESTED), resource("AWS::Lambda::Function", ""),
                        resource("AWS::ApiGateway::RestApi", "api123"))));
        stacks.put(NESTED, List.<List<StackResourceSummary>>of(List.of(resource("AWS::Lambda::Function", "NotifyFunction"))));
        mappings.add(mapping(QUEUE_ARN, ARN + "FulfilOrderFunction"));
        mappings.add(mapping(QUEUE_ARN, ARN + "BillingFunction:live"));   // another stack's consumer of this queue
    }

    @Test
    void theApisOwnStackGivesItsFunctionsItsNestedStacksAndItsQueuesConsumersElsewhere() {
        seedStack();

        Downstream.Found f = find(List.of(), List.of());

        assertThat(labels(f)).containsExactly("FulfilOrderFunction", "NotifyFunction", "BillingFunction");
        assertThat(f.sources()).allSatisfy(s -> assertThat(s.group()).isEqualTo("/aws/lambda/" + s.label()));
        assertThat(f.where()).isEqualTo("stacks orders, orders-Notify-1ABC: 3 functions (1 the API's), 1 queue, 1 topic, 1 rule; "
                + "consumers of its queues in other stacks: BillingFunction");
        assertThat(calls).containsExactly("DescribeStackResources api123", "ListStackResources orders", "ListStackResources orders 1",
                "ListStackResources " + NESTED, "ListEventSourceMappings " + QUEUE_ARN,
                "GetFunctionConfiguration", "GetFunctionConfiguration", "GetFunctionConfiguration");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aNamedStackIsReadAndMustExist() {
        seedStack();
        assertThat(labels(find(List.of(), List.of("orders")))).containsExactly("FulfilOrderFunction", "NotifyFunction", "BillingFunction");
        assertThat(calls).doesNotContain("DescribeStackResources api123");

        assertThatThrownBy(() -> find(List.of(), List.of("nope"))).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode).isEqualTo(3);
            assertThat(e).hasMessage("No CloudFormation stack named 'nope' in this region (cloudformation:ListStackResources). "
                    + "Check --stack and --region.");
        });
        listStackFails = cfnError("AccessDenied", 403);
        assertThatThrownBy(() -> find(List.of(), List.of("orders"))).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode).isEqualTo(4));
    }

    @Test
    void withoutAStackTheRegionsSqsMappingsArePagedAndAtMostFiftyFunctionsKept() {
        describeFails = cfnError("ValidationError", 400);   // "Stack for api123 does not exist"
        for (int i = 0; i < 240; i++) {
            // 60 consumers, each on 4 queues; the API's own function consumes one too; streams are not SQS.
            mappings.add(mapping("arn:aws:sqs:eu-west-1:123456789012:q" + i, ARN + "Consumer" + (i % 60)));
        }
        mappings.add(mapping("arn:aws:sqs:eu-west-1:123456789012:own", ARN + "CreateOrderFunction"));
        mappings.add(mapping("arn:aws:kinesis:eu-west-1:123456789012:stream/clicks", ARN + "ClickFunction"));
        mappings.add(mapping("arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026", ARN + "TableFunction"));

        Downstream.Found f = find(List.of("Audit"), List.of());

        assertThat(labels(f)).hasSize(50).startsWith("Audit", "Consumer0", "Consumer1").doesNotContain("CreateOrderFunction",
                "ClickFunction", "TableFunction");
        assertThat(f.where()).isEqualTo("--downstream Audit; no CloudFormation stack holds the API, --stack names one; the region's "
                + "SQS event source mappings: 241 mappings to 61 functions; 11 more functions not searched, 50 at most: name the stack "
                + "with --stack or the functions with --downstream");
        assertThat(calls.stream().filter(c -> c.startsWith("ListEventSourceMappings"))).containsExactly("ListEventSourceMappings",
                "ListEventSourceMappings 100", "ListEventSourceMappings 200");
        assertThat(calls.stream().filter(c -> c.equals("GetFunctionConfiguration"))).hasSize(50);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theRegionsMappingsAreReadAtMostTenPages() {
        describeFails = cfnError("ValidationError", 400);
        for (int i = 0; i < 1_500; i++) {
            mappings.add(mapping("arn:aws:sqs:eu-west-1:123456789012:q" + i, ARN + "Consumer" + (i % 7)));
        }

        Downstream.Found f = find(List.of(), List.of());

        assertThat(labels(f)).hasSize(7);
        assertThat(f.where()).endsWith("the region's SQS event source mappings: 1000 mappings to 7 functions, of the first 1000 mappings only");
        assertThat(calls.stream().filter(c -> c.startsWith("ListEventSourceMappings"))).hasSize(10);
    }

    @Test
    void refusedCallsAreSaidAndTheSearchGoesOnWithWhatIsLeft() {
        describeFails = cfnError("AccessDenied", 403);
        listMappingsFails = (LambdaException) LambdaException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build();

        Downstream.Found f = find(List.of("NotifyFunction"), List.of());

        assertThat(labels(f)).containsExactly("NotifyFunction");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("apigw-logs: cannot tell which CloudFormation stack holds API api123 "
                + "(cloudformation:DescribeStackResources: AccessDenied); reading the region's SQS event source mappings\n"
                + "apigw-logs: cannot list event source mappings (lambda:ListEventSourceMappings: AccessDeniedException); their "
                + "consumers are not searched (--downstream names them)\n");
    }

    @Test
    void aNamedFunctionThatDoesNotExistIsAnError() {
        describeFails = cfnError("ValidationError", 400);
        assertThatThrownBy(() -> find(List.of("Missing"), List.of())).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode).isEqualTo(3));
    }

    @Test
    void queueUrlsBecomeTheArnsMappingsName() {
        assertThat(Downstream.queueArn(QUEUE_URL)).isEqualTo(QUEUE_ARN);
        assertThat(Downstream.queueArn("https://eu-west-1.queue.amazonaws.com/123456789012/legacy")).isEqualTo(
                "arn:aws:sqs:eu-west-1:123456789012:legacy");
        assertThat(Downstream.queueArn("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q")).isEqualTo(
                "arn:aws-cn:sqs:cn-north-1:123456789012:q");
        assertThat(Downstream.queueArn("https://sqs.us-gov-west-1.amazonaws.com/123456789012/q.fifo")).isEqualTo(
                "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q.fifo");
        assertThat(Downstream.queueArn("https://example.com/x")).isNull();
        assertThat(Downstream.queueArn("not a url \u0000")).isNull();
    }
}
