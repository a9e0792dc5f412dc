package io.github.apigwcorrelation.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Clients;
import io.github.apigwcorrelation.propagation.support.Invocations;
import io.github.apigwcorrelation.propagation.support.JsonValue;
import io.github.apigwcorrelation.propagation.support.MotoServer;
import io.github.apigwcorrelation.propagation.support.RecordingBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The SDK interceptor on real SDK v2 clients against {@code moto_server} on loopback: what arrives where a consumer
 * reads it ({@code ReceiveMessage} with every attribute; the SNS envelope; the EventBridge event), with the SDK's
 * own MD5 checks of message attributes on. The interceptor is registered only the global way unless a test says so.
 */
@Tag("needs-tools")
class SdkInterceptorMotoTest {
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    private static final String ATTRIBUTE = PropagationNames.MESSAGE_ATTRIBUTE;

    private static MotoServer moto;
    private static SqsClient sqs;
    private static SnsClient sns;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        sqs = Clients.at(SqsClient.builder(), moto.endpoint()).build();
        sns = Clients.at(SnsClient.builder(), moto.endpoint()).build();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        sqs.close();
        sns.close();
        moto.close();
    }

    @BeforeEach
    void forgetEarlierLines() {
        RecordingBackend.drainWarnings();
    }

    private static String newQueue() {
        return sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID())).queueUrl();
    }

    private static String arnOf(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static List<Message> receive(String queueUrl, int expected) {
        List<Message> messages = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 20 && messages.size() < expected; attempt++) {
            int wait = attempt == 0 ? 0 : 1;
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(wait)).messages());
        }
        assertThat(messages).hasSize(expected);
        return messages;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static Map<String, MessageAttributeValue> userAttributes(int count) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put("user" + i, text("value" + i));
        }
        return attributes;
    }

    @Test
    void sendMessageCarriesTheAttributeToReceiveMessage() {
        String queue = newQueue();
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{\"order\":1}"));
        }
        Message message = receive(queue, 1).get(0);
        assertThat(message.messageAttributes()).containsOnlyKeys(ATTRIBUTE);
        assertThat(message.messageAttributes().get(ATTRIBUTE)).isEqualTo(text(REQUEST_ID));
        assertThat(message.body()).isEqualTo("{\"order\":1}");
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void outsideAnInvocationNothingIsAdded() {
        String queue = newQueue();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("no scope"));
        assertThat(receive(queue, 1).get(0).messageAttributes()).isEmpty();
    }

    @Test
    void anInvocationWithoutAnApiGatewayIdAddsNothing() {
        String queue = newQueue();
        try (CorrelationScope scope = Invocations.restApiRequest("line\r\nforged: header")) {
            assertThat(scope.ids().chainRequestId()).isEmpty();
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("hostile id"));
        }
        assertThat(receive(queue, 1).get(0).messageAttributes()).isEmpty();
    }

    @Test
    void userAttributesAreKeptAndTheUsersOwnOriginRequestIdWins() {
        String queue = newQueue();
        Map<String, MessageAttributeValue> attributes = userAttributes(3);
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("three").messageAttributes(attributes));
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("own")
                    .messageAttributes(Map.of(ATTRIBUTE, text("users-own-id"))));
        }
        Map<String, Map<String, MessageAttributeValue>> byBody = new java.util.HashMap<>();
        receive(queue, 2).forEach(m -> byBody.put(m.body(), m.messageAttributes()));
        Map<String, MessageAttributeValue> expected = new LinkedHashMap<>(attributes);
        expected.put(ATTRIBUTE, text(REQUEST_ID));
        assertThat(byBody.get("three")).isEqualTo(expected);
        assertThat(byBody.get("own")).isEqualTo(Map.of(ATTRIBUTE, text("users-own-id")));
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void aMessageWithTenAttributesKeepsThemGetsNoneOfOursAndOneWarning() {
        String queue = newQueue();
        Map<String, MessageAttributeValue> ten = userAttributes(10);
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("ten").messageAttributes(ten));
        }
        assertThat(receive(queue, 1).get(0).messageAttributes()).isEqualTo(ten);
        List<String> warnings = RecordingBackend.drainWarnings();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("apigw-correlation: SQS SendMessage: OriginRequestId not added")
                .contains("already has 10 message attributes");
    }

    @Test
    void countlessAttributesGetNoneOfOursAndOneWarning() {
        String queue = newQueue();
        Map<String, MessageAttributeValue> many = userAttributes(40); // moto takes them; SQS itself refuses > 10
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("many").messageAttributes(many));
        }
        assertThat(receive(queue, 1).get(0).messageAttributes()).isEqualTo(many);
        assertThat(RecordingBackend.drainWarnings()).singleElement().asString().contains("already has 40");
    }

    @Test
    void aMessageTheAttributeWouldPushPast256KiBIsSentUnchangedWithOneWarning() {
        String queue = newQueue();
        String body = "x".repeat(262_144 - 30);
        String bigger = "y".repeat(300_000); // beyond 256 KiB already: queues that take it take 1 MiB
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
            assertThat(RecordingBackend.drainWarnings()).singleElement().asString()
                    .contains("it is 262114 bytes and the attribute would take it past a size limit");
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(bigger));
            assertThat(RecordingBackend.drainWarnings()).isEmpty();
        }
        Map<Integer, Map<String, MessageAttributeValue>> byLength = new java.util.HashMap<>();
        receive(queue, 2).forEach(m -> byLength.put(m.body().length(), m.messageAttributes()));
        assertThat(byLength.get(body.length())).isEmpty();
        assertThat(byLength.get(bigger.length())).isEqualTo(Map.of(ATTRIBUTE, text(REQUEST_ID)));
    }

    @Test
    void sendMessageBatchDecidesPerEntryWithOneWarningForTheCall() {
        String queue = newQueue();
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
                    SendMessageBatchRequestEntry.builder().id("plain").messageBody("plain").build(),
                    SendMessageBatchRequestEntry.builder().id("full").messageBody("full")
                            .messageAttributes(userAttributes(10)).build(),
                    SendMessageBatchRequestEntry.builder().id("two").messageBody("two")
                            .messageAttributes(userAttributes(2)).build(),
                    SendMessageBatchRequestEntry.builder().id("own").messageBody("own")
                            .messageAttributes(Map.of(ATTRIBUTE, text("users-own-id"))).build()));
        }
        Map<String, Map<String, MessageAttributeValue>> byBody = new java.util.HashMap<>();
        receive(queue, 4).forEach(m -> byBody.put(m.body(), m.messageAttributes()));
        assertThat(byBody.get("plain")).isEqualTo(Map.of(ATTRIBUTE, text(REQUEST_ID)));
        assertThat(byBody.get("full")).isEqualTo(userAttributes(10));
        Map<String, MessageAttributeValue> two = new LinkedHashMap<>(userAttributes(2));
        two.put(ATTRIBUTE, text(REQUEST_ID));
        assertThat(byBody.get("two")).isEqualTo(two);
        assertThat(byBody.get("own")).isEqualTo(Map.of(ATTRIBUTE, text("users-own-id")));
        assertThat(RecordingBackend.drainWarnings()).singleElement().asString()
                .contains("SQS SendMessageBatch: OriginRequestId not added to 1 of 4 entries")
                .contains("entry 'full': it already has 10 message attributes");
    }

    @Test
    void aGlobalAndAnExplicitInterceptorAddOneAttributeAndWarnOnce() {
        String queue = newQueue();
        try (SqsClient both = Clients.at(SqsClient.builder(), moto.endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new SdkCorrelationInterceptor())).build();
                CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            both.sendMessage(b -> b.queueUrl(queue).messageBody("once"));
            both.sendMessage(b -> b.queueUrl(queue).messageBody("ten").messageAttributes(userAttributes(10)));
        }
        Map<String, Map<String, MessageAttributeValue>> byBody = new java.util.HashMap<>();
        receive(queue, 2).forEach(m -> byBody.put(m.body(), m.messageAttributes()));
        assertThat(byBody.get("once")).isEqualTo(Map.of(ATTRIBUTE, text(REQUEST_ID)));
        assertThat(byBody.get("ten")).isEqualTo(userAttributes(10));
        assertThat(RecordingBackend.drainWarnings()).hasSize(1);
    }

    /** SNS to SQS, with raw message delivery (a message attribute) and without (inside the JSON envelope). */
    @Test
    void snsPublishReachesSqsSubscribersWithAndWithoutRawMessageDelivery() {
        String topic = sns.createTopic(b -> b.name("t-" + UUID.randomUUID())).topicArn();
        String raw = newQueue();
        String envelope = newQueue();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arnOf(raw))
                .attributes(Map.of("RawMessageDelivery", "true")));
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arnOf(envelope)));
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sns.publish(b -> b.topicArn(topic).message("{\"order\":2}").messageAttributes(Map.of("kind",
                    software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder().dataType("String")
                            .stringValue("OrderCreated").build())));
        }
        Message rawMessage = receive(raw, 1).get(0);
        assertThat(rawMessage.body()).isEqualTo("{\"order\":2}");
        assertThat(rawMessage.messageAttributes()).isEqualTo(Map.of("kind", text("OrderCreated"), ATTRIBUTE,
                text(REQUEST_ID)));
        String body = receive(envelope, 1).get(0).body();
        assertThat(JsonValue.at(body, "Message")).isEqualTo("{\"order\":2}");
        assertThat(JsonValue.at(body, "MessageAttributes", ATTRIBUTE, "Type")).isEqualTo("String");
        assertThat(JsonValue.at(body, "MessageAttributes", ATTRIBUTE, "Value")).isEqualTo(REQUEST_ID);
        assertThat(JsonValue.at(body, "MessageAttributes", "kind", "Value")).isEqualTo("OrderCreated");
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void snsPublishWithTenAttributesAddsNoneSoRawSubscribersStillGetTheMessage() {
        String topic = sns.createTopic(b -> b.name("t-" + UUID.randomUUID())).topicArn();
        String raw = newQueue();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arnOf(raw))
                .attributes(Map.of("RawMessageDelivery", "true")));
        Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> ten = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("user" + i, software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                    .dataType("String").stringValue("value" + i).build());
        }
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sns.publish(b -> b.topicArn(topic).message("ten").messageAttributes(ten));
        }
        assertThat(receive(raw, 1).get(0).messageAttributes()).isEqualTo(userAttributes(10));
        assertThat(RecordingBackend.drainWarnings()).singleElement().asString()
                .contains("SNS Publish: OriginRequestId not added to the message");
    }

    @Test
    void snsPublishBatchAddsPerEntry() {
        String topic = sns.createTopic(b -> b.name("t-" + UUID.randomUUID())).topicArn();
        String raw = newQueue();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arnOf(raw))
                .attributes(Map.of("RawMessageDelivery", "true")));
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                    PublishBatchRequestEntry.builder().id("a").message("a").build(),
                    PublishBatchRequestEntry.builder().id("b").message("b").messageAttributes(Map.of(ATTRIBUTE,
                            software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                                    .dataType("String").stringValue("users-own-id").build())).build()));
        }
        Map<String, Map<String, MessageAttributeValue>> byBody = new java.util.HashMap<>();
        receive(raw, 2).forEach(m -> byBody.put(m.body(), m.messageAttributes()));
        assertThat(byBody.get("a")).isEqualTo(Map.of(ATTRIBUTE, text(REQUEST_ID)));
        assertThat(byBody.get("b")).isEqualTo(Map.of(ATTRIBUTE, text("users-own-id")));
    }

    /** EventBridge to an SQS target: the event the consumer receives, with and without the opt-in. */
    @Test
    void eventBridgeDetailGetsTheFieldOnlyWhenOptedIn() {
        String queue = newQueue();
        String source = "orders-" + UUID.randomUUID();
        try (EventBridgeClient plain = Clients.at(EventBridgeClient.builder(), moto.endpoint()).build();
                EventBridgeClient optedIn = Clients.at(EventBridgeClient.builder(), moto.endpoint())
                        .overrideConfiguration(c -> c.addExecutionInterceptor(SdkCorrelationInterceptor.builder()
                                .eventBridgeDetailField("originRequestId").build())).build()) {
            plain.putRule(b -> b.name("r-" + source).eventPattern("{\"source\":[\"" + source + "\"]}"));
            plain.putTargets(b -> b.rule("r-" + source).targets(Target.builder().id("queue").arn(arnOf(queue)).build()));
            try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
                plain.putEvents(b -> b.entries(entry(source, "{\"n\": 1.50, \"who\":\"plain\"}")));
                optedIn.putEvents(b -> b.entries(entry(source, "{\"n\": 1.50, \"who\":\"opted-in\"}"),
                        entry(source, "{\"who\":\"own\",\"originRequestId\":\"users-own-id\"}")));
            }
        }
        Map<String, String> detailByWho = new java.util.HashMap<>();
        receive(queue, 3).forEach(m -> {
            String detail = JsonValue.at(m.body(), "detail");
            detailByWho.put(JsonValue.at(detail, "who"), detail);
        });
        assertThat(JsonValue.at(detailByWho.get("plain"), "originRequestId")).isNull();
        assertThat(JsonValue.at(detailByWho.get("opted-in"), "originRequestId")).isEqualTo(REQUEST_ID);
        // moto re-serializes the detail (1.50 becomes 1.5): SdkInterceptorWireTest shows the bytes the SDK sends.
        assertThat(JsonValue.at(detailByWho.get("opted-in"), "who")).isEqualTo("opted-in");
        assertThat(JsonValue.at(detailByWho.get("own"), "originRequestId")).isEqualTo("users-own-id");
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    private static PutEventsRequestEntry entry(String source, String detail) {
        return PutEventsRequestEntry.builder().source(source).detailType("OrderCreated").detail(detail).build();
    }
}
