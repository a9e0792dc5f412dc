package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.fixtures.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Past the first function: a consumer's lines carry the {@code OriginRequestId} of the request that produced each
 * record (and its {@code MessageId}), next to the consumer's own {@code AWSRequestId}; an API called by another
 * function carries the caller's origin next to its own API Gateway ID. Whoever sends to the queue or calls the API
 * chooses these values: only plausible ones are written, under their own key, and the server's own IDs are never
 * replaced.
 */
public abstract class AbstractIncomingChainTest {
    /** The logger of the handlers below: set from the harness before each test (some handlers are static). */
    private static volatile TestLogger log;
    private static final String LOGGER = "orders.Fulfilment";
    private static final Correlation QUIET = Correlation.builder().logInvocationLine(false).standardFields().build();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @BeforeEach
    void handlersLogThroughTheBackend() {
        log = harness().logger(LOGGER);
    }

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    private static String sqsMessage(String messageId, String originLiteral, String body) {
        String attributes = originLiteral == null ? "{}" : "{\"OriginRequestId\": {\"stringValue\": " + originLiteral
                + ", \"stringListValues\": [], \"binaryListValues\": [], \"dataType\": \"String\"}}";
        return "{\"messageId\": \"" + messageId + "\", \"receiptHandle\": \"AQEB" + messageId + "\", \"body\": "
                + Json.quoted(body) + ", \"attributes\": {\"ApproximateReceiveCount\": \"1\"}, \"messageAttributes\": "
                + attributes + ", \"md5OfBody\": \"e4e68fb7bd0e697a0ae8f1bb342846b3\", \"eventSource\": \"aws:sqs\","
                + " \"eventSourceARN\": \"arn:aws:sqs:us-east-1:123456789012:orders\", \"awsRegion\": \"us-east-1\"}";
    }

    private static SQSEvent sqsEvent(String... messages) {
        return LambdaEventSerializers.serializerFor(SQSEvent.class, AbstractIncomingChainTest.class.getClassLoader())
                .fromJson("{\"Records\": [" + String.join(", ", messages) + "]}");
    }

    /** Logs on each message and fails the one whose body says so. */
    private static final class Fulfilment extends CorrelatedSqsHandler {
        Fulfilment() {
            super(QUIET);
        }

        @Override
        protected void handleMessage(SQSEvent.SQSMessage message, Context context) {
            log.info("fulfilling {}", message.getBody());
            if (message.getBody().contains("fail")) {
                throw new IllegalStateException("out of stock");
            }
        }
    }

    @Test
    void each_sqs_message_is_handled_with_its_origin_and_message_id_and_a_failure_is_a_batch_item_failure() {
        SQSEvent event = sqsEvent(
                sqsMessage("m-1", "\"5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58\"", "order 42"),
                sqsMessage("m-2", "\"0a22048e-6db3-41bd-adee-f44030345f18\"", "order 43 fail"),
                sqsMessage("m-3", null, "order 44"));

        SQSBatchResponse response = new Fulfilment().handleRequest(event, new FakeContext("consumer-1"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-2");
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).allSatisfy(line -> assertThat(line.lambdaId()).isEqualTo("consumer-1"));
        assertThat(lines).extracting(line -> line.level() + " " + line.message() + " | "
                + line.context().get("OriginRequestId") + " " + line.context().get("MessageId")).containsExactly(
                "INFO fulfilling order 42 | 5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58 m-1",
                "INFO fulfilling order 43 fail | 0a22048e-6db3-41bd-adee-f44030345f18 m-2",
                "ERROR Record failed: Message ID: m-2 Origin Request ID: 0a22048e-6db3-41bd-adee-f44030345f18 "
                        + "Lambda Request ID: consumer-1 | 0a22048e-6db3-41bd-adee-f44030345f18 m-2",
                "INFO fulfilling order 44 | null m-3");
        assertThat(lines).allSatisfy(line -> assertThat(line.apiGatewayId()).isEqualTo("-"));
    }

    /** The record's own line says when SQS accepted the message, by SQS's clock: the queue's share of the time. */
    @Test
    void each_record_gets_a_line_with_its_ids_and_when_it_was_sent_and_a_hostile_timestamp_is_left_out() {
        long sent = System.currentTimeMillis() - 1500;
        String good = sqsMessage("m-t", "\"5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58\"", "order 48")
                .replace("\"ApproximateReceiveCount\": \"1\"", "\"SentTimestamp\": \"" + sent + "\"");
        List<String> hostile = new java.util.ArrayList<>();
        for (String timestamp : new String[] {"1\\r\\nFORGED", "-5", "9".repeat(40), "1.5e12", ""}) {
            hostile.add(sqsMessage("m-h", null, "order 49").replace("\"ApproximateReceiveCount\": \"1\"",
                    "\"SentTimestamp\": " + Json.quoted(timestamp)));
        }
        Correlation lines = Correlation.builder().standardFields().build();
        new CorrelatedSqsHandler(lines) {
            @Override
            protected void handleMessage(SQSEvent.SQSMessage message, Context context) {
                log.info("fulfilling {}", message.getBody());
            }
        }.handleRequest(sqsEvent(good, hostile.get(0), hostile.get(1), hostile.get(2), hostile.get(3),
                hostile.get(4)), new FakeContext("consumer-4"));

        List<String> records = logs.drain().stream().map(CapturedLogs.Line::message)
                .filter(message -> message.startsWith("Record: ")).collect(Collectors.toList());
        assertThat(records).hasSize(6);
        assertThat(records.get(0)).matches("Record: Message ID: m-t Origin Request ID: "
                + "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58 Lambda Request ID: consumer-4 Sent: "
                + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(sent))
                + " \\((1[5-9]\\d\\d|[2-9]\\d\\d\\d) ms ago\\)");
        assertThat(records.subList(1, 6)).containsOnly(
                "Record: Message ID: m-h Origin Request ID: - Lambda Request ID: consumer-4");
    }

    /**
     * One search for the client's ID finds every hop's lines in either format: the consumer's Text lines print the
     * origin after {@code ORIGIN:} (only when there is one), its JSON lines hold it as {@code OriginRequestId}; an
     * API called by another function prints its own ID and the origin.
     */
    @Test
    void the_real_text_and_json_lines_of_every_hop_carry_the_clients_id() throws Exception {
        List<RealOutput.Line> written = new java.util.ArrayList<>();
        RealOutput output = new RealOutput(line -> {
            synchronized (written) {
                written.add(line);
            }
        });
        String client = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
        try (LoggingHarness.Attached ignored = harness().attach(output, LOGGER)) {
            QUIET.wrap((Map<String, Object> e, Context c) -> {
                log.info("first hop");
                return "ok";
            }).handleRequest(Map.of("requestContext", Map.of("requestId", client, "apiId", "w4hd8ru2l1")),
                    new FakeContext("api-lambda"));
            new Fulfilment().handleRequest(sqsEvent(sqsMessage("m-5", Json.quoted(client), "order 50")),
                    new FakeContext("consumer-5"));
            QUIET.wrap((Map<String, Object> e, Context c) -> {
                log.info("called by the consumer");
                return "ok";
            }).handleRequest(Map.of("headers", Map.of("X-Origin-Request-Id", client), "requestContext",
                    Map.of("requestId", "second-api-id", "apiId", "w4hd8ru2l1")), new FakeContext("api-2"));
        }

        assertThat(output.rejected()).isEmpty();
        for (RealOutput.Format format : RealOutput.Format.values()) {
            assertThat(written).filteredOn(line -> line.format() == format).extracting(RealOutput.Line::message,
                    RealOutput.Line::lambdaId, RealOutput.Line::apiGatewayId, RealOutput.Line::originId)
                    .as(format.name()).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("first hop", "api-lambda", client, null),
                            org.assertj.core.groups.Tuple.tuple("fulfilling order 50", "consumer-5", "-", client),
                            org.assertj.core.groups.Tuple.tuple("called by the consumer", "api-2", "second-api-id",
                                    client));
        }
        assertThat(written).filteredOn(line -> line.format() == RealOutput.Format.TEXT).extracting(
                RealOutput.Line::raw).allSatisfy(raw -> assertThat(raw).contains(client))
                .first().asString().doesNotContain("ORIGIN");
    }

    @Test
    void sns_delivered_to_sqs_carries_the_origin_with_and_without_raw_message_delivery() {
        String envelope = "{\"Type\": \"Notification\", \"MessageId\": \"sns-1\", \"TopicArn\": "
                + "\"arn:aws:sns:us-east-1:123456789012:orders\", \"Message\": \"order 45\", \"Timestamp\": "
                + "\"2026-11-27T10:15:30.000Z\", \"SignatureVersion\": \"1\", \"Signature\": \"EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=\", "
                + "\"SigningCertURL\": \"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem\", "
                + "\"UnsubscribeURL\": \"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe\", \"MessageAttributes\": "
                + "{\"OriginRequestId\": {\"Type\": \"String\", \"Value\": \"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\"}}}";
        SQSEvent event = sqsEvent(sqsMessage("m-raw", "\"5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58\"", "raw order"),
                sqsMessage("m-envelope", null, envelope));

        new Fulfilment().handleRequest(event, new FakeContext("consumer-2"));

        assertThat(logs.drain()).extracting(line -> line.context().get("OriginRequestId")).containsExactly(
                "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    }

    @Test
    void each_sns_record_is_handled_with_its_origin() {
        SNSEvent event = LambdaEventSerializers.serializerFor(SNSEvent.class, getClass().getClassLoader()).fromJson(
                "{\"Records\": [{\"EventSource\": \"aws:sns\", \"EventVersion\": \"1.0\", \"EventSubscriptionArn\": "
                + "\"arn:aws:sns:us-east-1:123456789012:orders:2bcfbf39\", \"Sns\": {\"Type\": \"Notification\", "
                + "\"MessageId\": \"sns-2\", \"TopicArn\": \"arn:aws:sns:us-east-1:123456789012:orders\", "
                + "\"Message\": \"order 46\", \"Timestamp\": \"2026-11-27T10:15:30.000Z\", \"MessageAttributes\": "
                + "{\"OriginRequestId\": {\"Type\": \"String\", \"Value\": \"5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58\"}}}}]}");

        new CorrelatedSnsHandler(QUIET) {
            @Override
            protected void handleRecord(SNSEvent.SNSRecord record, Context context) {
                log.info("notified {}", record.getSNS().getMessage());
            }
        }.handleRequest(event, new FakeContext("subscriber-1"));

        assertThat(logs.drain()).singleElement().satisfies(line -> assertThat(line.context())
                .containsEntry("OriginRequestId", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58")
                .containsEntry("MessageId", "sns-2").containsEntry("AWSRequestId", "subscriber-1"));
    }

    @Test
    void a_hostile_origin_attribute_is_refused_with_one_warning_and_forges_nothing() {
        for (String hostile : new String[] {"5b8e0f3c\r\n2026-11-27 INFO FORGED", "\u001b[2K FORGED",
            "F".repeat(10_240), "two words"}) {
            new Fulfilment().handleRequest(sqsEvent(sqsMessage("m-h", Json.quoted(hostile), "order 47")),
                    new FakeContext("consumer-3"));

            List<CapturedLogs.Line> lines = logs.drain();
            assertThat(lines).extracting(CapturedLogs.Line::level).containsExactly("WARN", "INFO");
            assertThat(lines.get(0).message()).startsWith("apigw-correlation: ignored the origin request ID in the "
                    + "OriginRequestId attribute of the SQS message: ").doesNotContain("FORGED", "FFFFFFFF", "\r");
            assertThat(lines).allSatisfy(line -> assertThat(line.context()).doesNotContainKey("OriginRequestId")
                    .containsEntry("MessageId", "m-h"));
        }
    }

    @Test
    void an_api_called_by_another_function_keeps_its_own_id_and_adds_the_callers_origin_on_every_entry_point()
            throws Exception {
        String json = "{\"headers\": {\"X-Origin-Request-Id\": \"5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58\"}, "
                + "\"requestContext\": {\"requestId\": \"own-api-id\", \"apiId\": \"w4hd8ru2l1\"}}";
        QUIET.wrap((Map<String, Object> e, Context c) -> {
            log.info("map");
            return "ok";
        }).handleRequest(Map.of("headers", Map.of("x-origin-request-id", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58"),
                "requestContext", Map.of("requestId", "own-api-id", "apiId", "w4hd8ru2l1")), new FakeContext());
        QUIET.wrap((APIGatewayProxyRequestEvent e, Context c) -> {
            log.info("typed");
            return "ok";
        }).handleRequest(new APIGatewayProxyRequestEvent()
                .withHeaders(Map.of("X-Origin-Request-Id", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58"))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("own-api-id")
                        .withApiId("w4hd8ru2l1")), new FakeContext());
        QUIET.wrap((input, output, c) -> log.info("stream")).handleRequest(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new FakeContext());

        assertThat(logs.drain()).hasSize(3).allSatisfy(line -> assertThat(line.context())
                .containsEntry("ApiGatewayRequestId", "own-api-id")
                .containsEntry("OriginRequestId", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58"));
    }

    @Test
    void a_client_cannot_replace_the_apis_own_id_through_the_origin_header() {
        QUIET.wrap((Map<String, Object> e, Context c) -> {
            log.info("handled");
            return RequestIds.current().orElseThrow();
        }).handleRequest(Map.of("headers", Map.of("X-Origin-Request-Id", "own-api-id\r\nFORGED",
                        "x-origin-request-id", "attacker"),
                "requestContext", Map.of("requestId", "own-api-id", "apiId", "w4hd8ru2l1")), new FakeContext());

        assertThat(logs.drain()).singleElement().satisfies(line -> assertThat(line.context())
                .containsEntry("ApiGatewayRequestId", "own-api-id").doesNotContainKey("OriginRequestId"));
    }

    @Test
    void a_synchronous_invoke_carries_the_origin_in_its_client_context_without_a_missing_id_warning() {
        FakeContext context = new FakeContext("async-1").withClientContext(new ClientContext() {
            @Override
            public Client getClient() {
                return null;
            }

            @Override
            public Map<String, String> getCustom() {
                return Map.of("OriginRequestId", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58");
            }

            @Override
            public Map<String, String> getEnvironment() {
                return Map.of();
            }
        });
        Correlation.builder().standardFields().build().wrap((Map<String, Object> e, Context c) -> {
            log.info("invoked asynchronously");
            return RequestIds.current().flatMap(RequestIds::chainRequestId).orElse("none");
        }).handleRequest(Map.of("orderId", "42"), context);

        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).extracting(CapturedLogs.Line::level).doesNotContain("WARN");
        assertThat(lines).allSatisfy(line -> assertThat(line.context())
                .containsEntry("OriginRequestId", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58"));
    }

    @Test
    void an_eventbridge_event_carries_the_origin_in_a_detail_field_only_when_asked_to() {
        Map<String, Object> event = Map.of("version", "0", "id", "6a7e8feb", "detail-type", "OrderCreated",
                "source", "orders", "detail", Map.of("orderId", "42", "OriginRequestId",
                        "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58"));
        for (Correlation correlation : new Correlation[] {QUIET,
            Correlation.builder().logInvocationLine(false).standardFields().eventBridgeOriginField("OriginRequestId")
                    .build()}) {
            try (CorrelationScope ignored = correlation.open(event, new FakeContext())) {
                log.info("event");
            }
        }

        assertThat(logs.drain().stream().filter(line -> "INFO".equals(line.level()))
                .map(line -> line.context().get("OriginRequestId")).collect(Collectors.toList()))
                .containsExactly(null, "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58");
    }

    @Test
    void what_travels_on_is_the_origin_when_there_is_one_else_the_apis_own_id() {
        Map<String, Object> withOrigin = Map.of("headers", Map.of("X-Origin-Request-Id", "origin-id"),
                "requestContext", Map.of("requestId", "own-api-id", "apiId", "w4hd8ru2l1"));
        Map<String, Object> first = Map.of("requestContext", Map.of("requestId", "own-api-id", "apiId", "w4hd8ru2l1"));
        try (CorrelationScope scope = QUIET.open(withOrigin, new FakeContext())) {
            assertThat(scope.ids().chainRequestId()).contains("origin-id");
        }
        try (CorrelationScope scope = QUIET.open(first, new FakeContext())) {
            assertThat(scope.ids().chainRequestId()).contains("own-api-id");
        }
        try (CorrelationScope scope = QUIET.open(Map.of(), new FakeContext())) {
            assertThat(scope.ids().chainRequestId()).isEmpty();
        }
        logs.drain();
    }
}
