package io.github.apigwcorrelation.e2e;

import static io.github.apigwcorrelation.e2e.SampleApiCorrelationTest.assertIds;
import static io.github.apigwcorrelation.e2e.SampleApiCorrelationTest.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.example.orders.CreateOrderHandler;
import com.example.orders.GetOrderHandler;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never breaks the handler: each event below still reaches the sample's code, every printed line
 * parses (no line is split or forged through an ID), the API Gateway ID is the placeholder, and exactly one
 * WARN says why. Events the runtime itself cannot deserialize (truncated JSON for a typed handler) never
 * reach any handler; the stream handler's case is proven in the library's tests.
 */
@ExtendWith(LambdaOutput.Capture.class)
class MalformedEventTest {
    private static final String FORGED = "2026-11-21T00:00:00.000Z forged-lambda APIG: forged-api - INFO  X - forged";

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                Arguments.of("REST event without requestContext", GetOrderHandler.class,
                        "{\"httpMethod\":\"GET\",\"path\":\"/orders/42\",\"pathParameters\":{\"orderId\":\"42\"}}"),
                Arguments.of("REST event with a null requestId", GetOrderHandler.class,
                        "{\"pathParameters\":{\"orderId\":\"42\"},\"requestContext\":{\"requestId\":null}}"),
                Arguments.of("REST event whose requestId hides CR/LF and a forged line", GetOrderHandler.class,
                        "{\"pathParameters\":{\"orderId\":\"42\"},\"requestContext\":{\"requestId\":\"c0ffee\\r\\n"
                                + FORGED + "\"}}"),
                Arguments.of("REST event whose requestId holds ANSI escapes", GetOrderHandler.class,
                        "{\"pathParameters\":{\"orderId\":\"42\"},\"requestContext\":{\"requestId\":"
                                + "\"\\u001b[31mred\\u001b[0m\"}}"),
                Arguments.of("REST event whose requestId is 10 KB long", GetOrderHandler.class,
                        "{\"pathParameters\":{\"orderId\":\"42\"},\"requestContext\":{\"requestId\":\""
                                + "a".repeat(10_240) + "\"}}"),
                Arguments.of("the JSON literal null", GetOrderHandler.class, "null"),
                Arguments.of("an empty object", GetOrderHandler.class, "{}"),
                Arguments.of("mapping template whose request-id is a number", CreateOrderHandler.class,
                        "{\"body-json\":{\"item\":\"tea\"},\"context\":{\"request-id\":12345}}"),
                Arguments.of("mapping template whose request-id is a list", CreateOrderHandler.class,
                        "{\"body-json\":{\"item\":\"tea\"},\"context\":{\"request-id\":[\"a\",\"b\"]}}"),
                Arguments.of("mapping template without context", CreateOrderHandler.class,
                        "{\"body-json\":{\"item\":\"tea\"}}"),
                Arguments.of("ALB-shaped event whose X-Amzn-Trace-Id header carries CR/LF", CreateOrderHandler.class,
                        "{\"body-json\":{\"item\":\"tea\"},\"requestContext\":{\"elb\":{\"targetGroupArn\":\"arn\"}},"
                                + "\"headers\":{\"x-amzn-trace-id\":\"Root=1-abc\\r\\n" + FORGED + "\"}}"),
                Arguments.of("ALB-shaped event whose multi-value X-Amzn-Trace-Id carries ANSI escapes",
                        CreateOrderHandler.class,
                        "{\"body-json\":{\"item\":\"tea\"},\"requestContext\":{\"elb\":{}},"
                                + "\"multiValueHeaders\":{\"X-Amzn-Trace-Id\":[\"Root=\\u001b[2J1-abc\"]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEvents")
    void a_malformed_event_reaches_the_handler_and_forges_no_line(
            String description, Class<? extends RequestHandler<?, ?>> type, String json) {
        TestContext context = new TestContext(SampleRoutes.functionName(type));

        Object response = SampleRoutes.invoke(SampleRoutes.newHandler(type), json, context);

        List<String> raw = LambdaOutput.drain();
        List<LogLine> lines = parsed(raw);
        assertThat(response).as("the handler ran and answered").isNotNull();
        assertThat(lines).allSatisfy(line -> assertIds(line, context.getAwsRequestId(), "-"));
        assertThat(lines).filteredOn(line -> line.level().equals("WARN") && line.logger().equals("Correlation"))
                .singleElement()
                .satisfies(warn -> assertThat(warn.message()).startsWith("apigw-correlation: ").endsWith(
                        "logging '-' in its place"));
        assertThat(lines).filteredOn(line -> line.logger().equals(type.getSimpleName()))
                .as("the handler's own lines").isNotEmpty();
        assertThat(raw).noneMatch(line -> line.startsWith("2026-11-21T00:00:00.000Z forged")
                || line.contains("\"AWSRequestId\":\"forged"));
    }
}
