package io.github.apigwcorrelation.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Clients;
import io.github.apigwcorrelation.propagation.support.Invocations;
import io.github.apigwcorrelation.propagation.support.JsonValue;
import io.github.apigwcorrelation.propagation.support.LoopbackServer;
import io.github.apigwcorrelation.propagation.support.MotoServer;
import io.github.apigwcorrelation.propagation.support.RecordingBackend;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Runs in a JVM of its own (surefire execution {@code only-sqs}) whose class path has the SQS module and none of the
 * other optional dependencies, as a user with the SQS client alone has: the globally registered interceptor works
 * and never touches a class that is not there (it would warn if it tried, and the call would still go through).
 */
@Tag("only-sqs")
class OnlySqsClassPathTest {
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";

    @BeforeEach
    void forgetEarlierLines() {
        RecordingBackend.drainWarnings();
    }

    @ParameterizedTest
    @ValueSource(strings = {"software.amazon.awssdk.services.sns.model.PublishRequest",
            "software.amazon.awssdk.services.lambda.model.InvokeRequest",
            "software.amazon.awssdk.services.eventbridge.model.PutEventsRequest", "okhttp3.Interceptor",
            "org.apache.hc.core5.http.HttpRequestInterceptor"})
    void theOtherOptionalDependenciesAreAbsent(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theGlobalInterceptorAddsTheAttributeOnTheWire() throws Exception {
        try (LoopbackServer server = new LoopbackServer("application/x-amz-json-1.0", "{\"MessageId\":\"m1\"}");
                SqsClient sqs = Clients.at(SqsClient.builder(), server.uri()).checksumValidationEnabled(false)
                        .build()) {
            try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
                sqs.sendMessage(b -> b.queueUrl(server.uri() + "/123456789012/orders").messageBody("hello"));
            }
            String body = server.take().body();
            assertThat(JsonValue.at(body, "MessageAttributes", "OriginRequestId", "StringValue")).isEqualTo(REQUEST_ID);
            assertThat(JsonValue.at(body, "MessageAttributes", "OriginRequestId", "DataType")).isEqualTo("String");
        }
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void theJdkHelperNeedsNoOtherClient() {
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            HttpRequest request = JdkHttpCorrelation.correlate(HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1/"))).build();
            assertThat(request.headers().firstValue(PropagationNames.DEFAULT_HTTP_HEADER)).hasValue(REQUEST_ID);
        }
    }

    @Test
    @Tag("needs-tools")
    void theGlobalInterceptorAddsTheAttributeOnMoto() throws Exception {
        try (MotoServer moto = MotoServer.start();
                SqsClient sqs = Clients.at(SqsClient.builder(), moto.endpoint()).build()) {
            String queue = sqs.createQueue(b -> b.queueName("only-sqs")).queueUrl();
            try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("hello"));
            }
            Map<String, MessageAttributeValue> received = sqs.receiveMessage(b -> b.queueUrl(queue)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages().get(0).messageAttributes();
            assertThat(received).isEqualTo(Map.of("OriginRequestId", MessageAttributeValue.builder()
                    .dataType("String").stringValue(REQUEST_ID).build()));
        }
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }
}
