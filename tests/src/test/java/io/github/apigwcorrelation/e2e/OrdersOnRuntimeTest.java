package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.apigwcorrelation.e2e.RuntimeEmulator.Printed;
import io.github.apigwcorrelation.e2e.RuntimeEmulator.Printed.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample's issue 10 and 11 functions from the {@code sam build} output, on the real Java runtime under the Runtime
 * Interface Emulator, in both log formats: the SQS consumer ({@code FulfilOrderFunction}) with Lambda's SQS event, and
 * the flight recorder of {@code POST /orders} ({@code CreateOrderFunction}) on an order that fails in pricing. Every
 * line each invocation prints is checked, in order.
 */
@Tag("needs-tools")
class OrdersOnRuntimeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DATE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    /** One line as expected: level, logger, origin (null: none) and a pattern for the whole message. */
    private record Expected(String level, String logger, String originId, String messageId, String message) {}

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Text", "JSON"})
    void theConsumersRecordLinesCarryTheirOriginAndMessageIdAndTheOutOfStockRecordComesBackInBatchItemFailures(String format)
            throws Exception {
        String event = SampleRoutes.read("sqs-order-created.json");
        JsonNode records = MAPPER.readTree(event).path("Records");
        String good = records.get(0).path("messageId").asText();
        String poisoned = records.get(1).path("messageId").asText();
        String goodOrigin = records.get(0).path("messageAttributes").path("OriginRequestId").path("stringValue").asText();
        String poisonedOrigin = records.get(1).path("messageAttributes").path("OriginRequestId").path("stringValue").asText();
        assertThat(List.of(good, poisoned, goodOrigin, poisonedOrigin)).doesNotHaveDuplicates().doesNotContain("");

        List<String> responses = new ArrayList<>();
        Map<String, List<Printed>> byInvocation;
        try (RuntimeEmulator emulator = RuntimeEmulator.start("FulfilOrderFunction", "com.example.orders.FulfilOrderHandler",
                format, 1)) {
            for (int i = 0; i < 2; i++) { // a cold and a warm invocation: nothing of the first reaches the second
                responses.add(emulator.invoke(event));
            }
            byInvocation = RuntimeEmulator.byInvocation(emulator.awaitPrinted(Kind.REPORT, 2));
        }

        assertThat(responses).as("the out-of-stock record alone comes back, each time")
                .containsOnly("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + poisoned + "\"}]}");
        assertThat(byInvocation).hasSize(2);
        byInvocation.forEach((lambdaId, printed) -> {
            List<Expected> expected = List.of(
                    new Expected("INFO", "Correlation", null, null, quote("Lambda Request ID: " + lambdaId + " (2 SQS messages)")),
                    new Expected("INFO", "Correlation", goodOrigin, good, record(good, goodOrigin, lambdaId,
                            records.get(0).path("attributes").path("SentTimestamp").asLong())),
                    new Expected("INFO", "FulfilOrderHandler", goodOrigin, good, quote("Fulfilling order 55875: 3 x tea (delivery 1)")),
                    new Expected("INFO", "FulfilOrderHandler", goodOrigin, good, quote("Packing order 55875 on a worker thread")),
                    new Expected("INFO", "FulfilOrderHandler", goodOrigin, good, quote("Order 55875 packed and handed to the carrier")),
                    new Expected("INFO", "Correlation", poisonedOrigin, poisoned, record(poisoned, poisonedOrigin, lambdaId,
                            records.get(1).path("attributes").path("SentTimestamp").asLong())),
                    new Expected("INFO", "FulfilOrderHandler", poisonedOrigin, poisoned,
                            quote("Fulfilling order 4306: 1 x out-of-stock (delivery 2)")),
                    new Expected("INFO", "FulfilOrderHandler", poisonedOrigin, poisoned, quote("Packing order 4306 on a worker thread")),
                    // The record's flight recorder, written when it failed: its DEBUG lines once, in the order logged
                    // (the first on the handler's thread, the second on the packing worker), before the ERROR.
                    new Expected("DEBUG", "FulfilOrderHandler", poisonedOrigin, poisoned,
                            quote("Reserving stock of out-of-stock for order 4306")),
                    new Expected("DEBUG", "FulfilOrderHandler", poisonedOrigin, poisoned, quote("Stock of out-of-stock: none left")),
                    new Expected("ERROR", "Correlation", poisonedOrigin, poisoned, quote("Record failed: Message ID: " + poisoned
                            + " Origin Request ID: " + poisonedOrigin + " Lambda Request ID: " + lambdaId)
                            + throwable(format, "java.lang.IllegalStateException: no stock left for item out-of-stock")));
            assertLines(printed, format, lambdaId, "-", expected);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Text", "JSON"})
    void aFailedOrderWritesItsDebugLinesOnceInOrderBeforeTheErrorWithBothIdsAndASucceedingOrderNever(String format)
            throws Exception {
        // Fails in pricing (cold), succeeds, fails again (warm): each failure writes its own DEBUG lines, once.
        List<String> items = List.of("unpriceable", "coffee beans", "unpriceable");
        List<String> apiGatewayIds = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        Map<String, List<Printed>> byInvocation;
        try (RuntimeEmulator emulator = RuntimeEmulator.start("CreateOrderFunction", "com.example.orders.CreateOrderHandler",
                format, 1)) {
            for (String item : items) {
                String apiGatewayId = UUID.randomUUID().toString();
                apiGatewayIds.add(apiGatewayId);
                responses.add(emulator.invoke(createOrder(item, apiGatewayId)));
            }
            byInvocation = RuntimeEmulator.byInvocation(emulator.awaitPrinted(Kind.REPORT, items.size()));
        }

        assertThat(byInvocation).hasSize(items.size());
        List<String> lambdaIds = new ArrayList<>(byInvocation.keySet());
        for (int i = 0; i < items.size(); i++) {
            String lambdaId = lambdaIds.get(i);
            String apiGatewayId = apiGatewayIds.get(i);
            List<Printed> printed = byInvocation.get(lambdaId);
            String first = quote("API Gateway Request ID: " + apiGatewayId + " Lambda Request ID: " + lambdaId);
            if (items.get(i).equals("unpriceable")) {
                assertThat(MAPPER.readTree(responses.get(i)).path("errorMessage").asText()).isEqualTo("pricing order 62632 failed");
                List<Expected> expected = List.of(
                        new Expected("INFO", "Correlation", null, null, first),
                        new Expected("INFO", "CreateOrderHandler", null, null, quote("POST order with body {item=unpriceable, quantity=2}")),
                        new Expected("INFO", "OrderService", null, null, quote("Creating order 62632 for 2 x unpriceable")),
                        new Expected("INFO", "OrderService", null, null, quote("Pricing order 62632 on a worker thread")),
                        // The flight recorder: the DEBUG lines of the handler's thread and of the pricing worker, in the
                        // order they were logged, after the lines written at once and before the ERROR.
                        new Expected("DEBUG", "OrderService", null, null,
                                quote("Order 62632: catalogue entry for unpriceable found, quantity 2 accepted")),
                        new Expected("DEBUG", "OrderService", null, null, quote("Looking up the price rule of unpriceable for order 62632")),
                        new Expected("DEBUG", "OrderService", null, null,
                                quote("No price rule matches unpriceable; rules tried: catalogue, promotions")),
                        new Expected("ERROR", "Correlation", null, null, quote("Handler failed: API Gateway Request ID: " + apiGatewayId
                                + " Lambda Request ID: " + lambdaId)
                                + throwable(format, "java.lang.IllegalStateException: pricing order 62632 failed")));
                // Then the runtime's own report of the exception, which the library does not write.
                List<Printed> runtimeReport = printed.subList(expected.size(), printed.size());
                assertLines(printed.subList(0, expected.size()), format, lambdaId, apiGatewayId, expected);
                assertRuntimesReport(runtimeReport, format, lambdaId);
            } else {
                assertThat(MAPPER.readTree(responses.get(i)).path("orderId").asText()).isEqualTo("11357");
                assertLines(printed, format, lambdaId, apiGatewayId, List.of(
                        new Expected("INFO", "Correlation", null, null, first),
                        new Expected("INFO", "CreateOrderHandler", null, null, quote("POST order with body {item=coffee beans, quantity=2}")),
                        new Expected("INFO", "OrderService", null, null, quote("Creating order 11357 for 2 x coffee beans")),
                        new Expected("INFO", "OrderService", null, null, quote("Pricing order 11357 on a worker thread")),
                        // The emulator gives the function no queue: it says so and sends nothing.
                        new Expected("WARN", "OrderEvents", null, null,
                                quote("ORDERS_QUEUE_URL is not set: order 11357 is not sent to fulfilment")),
                        new Expected("INFO", "CreateOrderHandler", null, null, quote("Created order 11357"))));
            }
        }
    }

    /** Exactly these lines, in this order, each with both IDs, the origin and (JSON) the message ID expected. */
    private static void assertLines(List<Printed> printed, String format, String lambdaId, String apiGatewayId,
            List<Expected> expected) {
        List<LogLine> lines = printed.stream().map(p -> LogLine.parse(p.text(), "JSON".equals(format))).toList();
        assertThat(lines).as("the invocation's lines").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            LogLine line = lines.get(i);
            Expected want = expected.get(i);
            SampleApiCorrelationTest.assertIds(line, lambdaId, apiGatewayId);
            assertThat(line.level()).as(line.raw()).isEqualTo(want.level());
            assertThat(line.logger()).as(line.raw()).isEqualTo(want.logger());
            assertThat(line.originId()).as(line.raw()).isEqualTo(want.originId());
            // The Text pattern has no message ID; the JSON layout has one on every line of the record's scope.
            assertThat(line.messageId()).as(line.raw()).isEqualTo("JSON".equals(format) ? want.messageId() : null);
            assertThat(line.message()).as(line.raw()).matches(want.message());
            if ("JSON".equals(format) && want.level().equals("ERROR")) {
                // The JSON layout puts the exception in fields of the same object.
                assertThat(line.raw()).contains("\"errorType\":\"java.lang.IllegalStateException\"", "\"stackTrace\":\"java.lang.");
            }
        }
    }

    /**
     * The runtime's report of the unhandled exception, after the library's lines: in Text the stack trace as it prints
     * it (several lines, no IDs: the runtime's, not the sample's pattern); in JSON one object with the Lambda ID.
     */
    private static void assertRuntimesReport(List<Printed> report, String format, String lambdaId) throws Exception {
        if ("JSON".equals(format)) {
            assertThat(report).singleElement().satisfies(p -> {
                JsonNode node = MAPPER.readTree(p.text());
                assertThat(node.path("level").asText()).isEqualTo("ERROR");
                assertThat(node.path("AWSRequestId").asText()).isEqualTo(lambdaId);
                assertThat(node.path("message").asText()).startsWith(
                        "pricing order 62632 failed: java.lang.IllegalStateException\njava.lang.IllegalStateException: pricing order 62632 failed\n");
            });
        } else {
            assertThat(report).extracting(Printed::text).startsWith(
                    "pricing order 62632 failed: java.lang.IllegalStateException",
                    "java.lang.IllegalStateException: pricing order 62632 failed");
            assertThat(report).extracting(Printed::text).allSatisfy(text -> assertThat(text).doesNotMatch("^" + DATE + " .*"));
            assertThat(report).extracting(Printed::text).contains(
                    "Caused by: java.lang.IllegalStateException: no price rule for item unpriceable");
        }
    }

    /** The library's line for a record: its IDs and when it was sent, from the event's {@code SentTimestamp}. */
    private static String record(String messageId, String originId, String lambdaId, long sentMillis) {
        return quote("Record: Message ID: " + messageId + " Origin Request ID: " + originId + " Lambda Request ID: " + lambdaId
                + " Sent: " + Instant.ofEpochMilli(sentMillis)) + " \\(\\d+ ms ago\\)";
    }

    /** In Text the exception follows the message on the same line, its trace joined by " | "; JSON has it in fields. */
    private static String throwable(String format, String first) {
        return "JSON".equals(format) ? "" : " " + quote(first) + " \\| \\\\tat .*";
    }

    private static String quote(String text) {
        return java.util.regex.Pattern.quote(text);
    }

    /** The sample's non-proxy event for {@code POST /orders} with this item and API Gateway request ID. */
    private static String createOrder(String item, String apiGatewayId) throws Exception {
        ObjectNode event = (ObjectNode) MAPPER.readTree(SampleRoutes.read("rest-nonproxy-create-order.json"));
        ((ObjectNode) event.path("body-json")).put("item", item);
        ((ObjectNode) event.path("context")).put("request-id", apiGatewayId);
        return MAPPER.writeValueAsString(event);
    }
}
