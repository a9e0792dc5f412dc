package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.localapi.LocalApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The whole chain on the local API and the sample's {@code template.yaml}: {@code POST /orders} on the API function
 * (Log4j2 build), its {@code OrderCreated} message through the template's {@code OrdersQueue} on the local SQS server,
 * the consumer ({@code FulfilOrderFunction}) invoked by the event source mapping. Every line of every invocation is
 * parsed; the client's {@code x-amzn-RequestId} is {@code APIG:} on the API hop and {@code ORIGIN:} on the consumer's
 * record lines. The queues' visibility timeout is 1 s here (the template's 60 s would make a redelivery slow), so a
 * poisoned order comes back within a second and goes to the dead-letter queue after the template's 3 deliveries.
 *
 * <p>Asynchronous consumers make the output of one test reach into the next, so this class keeps everything printed
 * and each test reads only the invocations of its own requests and messages.
 */
class LocalApiChainTest {
    private static final Pattern START = Pattern.compile("^START RequestId: (\\S+) Version: \\$LATEST$");
    private static final Pattern JSON_START = Pattern.compile("^\\{\"time\":\"[^\"]+\",\"type\":\"platform\\.start\",\"record\":\\{\"requestId\":\"([^\"]+)\".*");
    private static final Pattern REPORT = Pattern.compile("^REPORT RequestId: (\\S+)\\tDuration: .*");
    private static final Pattern JSON_REPORT = Pattern.compile("^\\{\"time\":\"[^\"]+\",\"type\":\"platform\\.report\",\"record\":\\{\"requestId\":\"([^\"]+)\".*");
    private static final Pattern END = Pattern.compile("^END RequestId: (\\S+)$");
    private static final Pattern RECORD = Pattern.compile("^Record: Message ID: (\\S+) Origin Request ID: (\\S+) Lambda Request ID: (\\S+)"
            + " Sent: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\((\\d+) ms ago\\)$");
    private static final List<String> PRINTED = new ArrayList<>();
    private static LocalApi api;
    private static HttpClient http;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        LambdaOutput.install();
        LambdaOutput.drain();
        api = LocalApi.start(new LocalApi.Options(SampleRoutes.repoRoot().resolve("template.yaml"), 0,
                java.nio.file.Path.of("target/no-sam-build"), null, null, LogLine.JSON ? "JSON" : "Text", 0, 1, true));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // Any SQS client can use the local server: here the AWS SDK's, as a user would.
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(api.queueUrl("OrdersQueue").replaceFirst("^(http://[^/]+).*", "$1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        api.close();
    }

    /** One invocation as printed: its Lambda request ID and its application lines, in the order printed. */
    record Invocation(String lambdaId, List<LogLine> lines) {
        List<String> messages() {
            return lines.stream().map(LogLine::message).toList();
        }
    }

    /**
     * Every invocation printed so far, by Lambda request ID. Each line parses in the run's format, each application
     * line comes after the START and before the REPORT of the invocation whose Lambda ID it carries.
     */
    private static synchronized Map<String, Invocation> invocations() {
        PRINTED.addAll(LambdaOutput.drain());
        Map<String, Invocation> started = new HashMap<>();
        Map<String, Boolean> reported = new HashMap<>();
        for (String raw : PRINTED) {
            Matcher start = (LogLine.JSON ? JSON_START : START).matcher(raw);
            Matcher report = (LogLine.JSON ? JSON_REPORT : REPORT).matcher(raw);
            if (start.matches()) {
                started.put(start.group(1), new Invocation(start.group(1), new ArrayList<>()));
            } else if (report.matches()) {
                assertThat(started).as("REPORT after its START: " + raw).containsKey(report.group(1));
                reported.put(report.group(1), true);
            } else if (!LogLine.JSON && END.matcher(raw).matches()) {
                assertThat(started).as(raw).containsKey(END.matcher(raw).replaceFirst("$1"));
            } else {
                LogLine line = LogLine.parse(raw);
                assertThat(started).as("a line inside a started invocation: " + raw).containsKey(line.lambdaId());
                assertThat(reported).as("a line before its invocation's REPORT: " + raw).doesNotContainKey(line.lambdaId());
                started.get(line.lambdaId()).lines().add(line);
            }
        }
        Map<String, Invocation> done = new HashMap<>();
        started.forEach((id, invocation) -> {
            if (reported.containsKey(id)) {
                done.put(id, invocation);
            }
        });
        return done;
    }

    /** Waits (at most 60 s) until the finished invocations satisfy {@code condition}. */
    private static Map<String, Invocation> await(String what, Predicate<Map<String, Invocation>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Invocation> now = invocations();
        while (!condition.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 60 s; printed:\n" + String.join("\n", PRINTED));
            }
            Thread.sleep(100);
            now = invocations();
        }
        return now;
    }

    /** The consumer invocations that handled the message {@code messageId}, each with that record's lines only. */
    private static List<Invocation> deliveries(Map<String, Invocation> invocations, String messageId) {
        List<Invocation> found = new ArrayList<>();
        for (Invocation invocation : invocations.values()) {
            List<LogLine> record = null;
            for (LogLine line : invocation.lines()) {
                Matcher m = RECORD.matcher(line.message());
                if (m.matches()) {
                    record = null;
                    if (m.group(1).equals(messageId)) {
                        record = new ArrayList<>();
                        found.add(new Invocation(invocation.lambdaId(), record));
                    }
                } else if (line.message().startsWith("Lambda Request ID: ") || line.message().startsWith("apigw-correlation: ")) {
                    record = null; // the batch's line, or the next record's WARN, written before its Record line
                }
                if (record != null) {
                    record.add(line);
                }
            }
        }
        return found;
    }

    private static HttpResponse<String> createOrder(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/orders"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Invocation apiInvocation(Map<String, Invocation> invocations, String requestId) {
        List<Invocation> matching = invocations.values().stream()
                .filter(i -> i.lines().stream().anyMatch(l -> l.apiGatewayId().equals(requestId))).toList();
        assertThat(matching).as("one API invocation for " + requestId).hasSize(1);
        return matching.get(0);
    }

    private static String messageIdSentBy(Invocation api) {
        return api.messages().stream().map(m -> Pattern.compile("^Sent OrderCreated for order \\d+ to fulfilment: message ID (\\S+)$").matcher(m))
                .filter(Matcher::matches).map(m -> m.group(1)).findFirst().orElseThrow(() -> new AssertionError("no Sent line in " + api));
    }

    @Test
    void theConsumersLinesCarryTheRequestIdTheClientGotAsTheirOrigin() throws Exception {
        HttpResponse<String> created = createOrder("{\"item\":\"tea\",\"quantity\":3}");
        assertThat(created.statusCode()).isEqualTo(201);
        String requestId = created.headers().firstValue("x-amzn-RequestId").orElseThrow();
        String orderId = LocalApiTestJson.field(created.body(), "orderId");

        Map<String, Invocation> printed = await("consumer of " + requestId, all -> all.values().stream()
                .anyMatch(i -> i.lines().stream().anyMatch(l -> requestId.equals(l.originId()))));
        Invocation apiHop = apiInvocation(printed, requestId);
        String messageId = messageIdSentBy(apiHop);
        assertThat(apiHop.lines()).allSatisfy(line -> {
            SampleApiCorrelationTest.assertIds(line, apiHop.lambdaId(), requestId);
            assertThat(line.originId()).as("the first hop continues nothing: " + line.raw()).isNull();
        });
        assertThat(apiHop.messages()).containsExactly(
                "API Gateway Request ID: " + requestId + " Lambda Request ID: " + apiHop.lambdaId(),
                "POST order with body {item=tea, quantity=3}",
                "Creating order " + orderId + " for 3 x tea",
                "Pricing order " + orderId + " on a worker thread",
                "Sent OrderCreated for order " + orderId + " to fulfilment: message ID " + messageId,
                "Created order " + orderId);

        List<Invocation> consumed = deliveries(printed, messageId);
        assertThat(consumed).as("delivered once, deleted after it succeeded").hasSize(1);
        Invocation consumer = consumed.get(0);
        assertThat(consumer.lambdaId()).isNotEqualTo(apiHop.lambdaId());
        assertThat(consumer.lines()).allSatisfy(line -> {
            assertThat(line.lambdaId()).as(line.raw()).isEqualTo(consumer.lambdaId());
            assertThat(line.apiGatewayId()).as("no API Gateway request invoked the consumer: " + line.raw()).isEqualTo("-");
            assertThat(line.originId()).as(line.raw()).isEqualTo(requestId);
            if (LogLine.JSON) {
                assertThat(line.messageId()).as(line.raw()).isEqualTo(messageId);
            }
        });
        assertThat(consumer.messages()).hasSize(4);
        Matcher record = RECORD.matcher(consumer.messages().get(0));
        assertThat(record.matches()).as(consumer.messages().get(0)).isTrue();
        assertThat(List.of(record.group(1), record.group(2), record.group(3))).containsExactly(messageId, requestId, consumer.lambdaId());
        assertThat(consumer.messages().subList(1, 4)).containsExactly(
                "Fulfilling order " + orderId + ": 3 x tea (delivery 1)",
                "Packing order " + orderId + " on a worker thread",
                "Order " + orderId + " packed and handed to the carrier");
        // The consumer's batch line names no origin: it belongs to no one record.
        LogLine batchLine = printed.get(consumer.lambdaId()).lines().get(0);
        assertThat(batchLine.message()).matches("Lambda Request ID: " + consumer.lambdaId() + " \\(\\d+ SQS messages?\\)");
        assertThat(batchLine.originId()).isNull();
        // Printed in the order things happened: the API hop's lines before the send come before the consumer's.
        int pricing = indexOf(apiHop.lines().get(3).raw());
        assertThat(pricing).isLessThan(indexOf(consumer.lines().get(0).raw()));
    }

    /**
     * The reproduction of a hostile user: a query parameter name holding a quote ({@code ?a%22b=1}) made the mapping
     * template of {@code POST /orders} render invalid JSON, a 500 before the handler ran; crafted names and values
     * could add keys, the IDs among them. Every {@code $input.params()} loop of the route gets hostile names and
     * values here, through the running local API: the order is created, and the IDs are the request's own.
     */
    @Test
    void hostileQueryAndHeaderNamesAndValuesReachTheHandlerAndChooseNoId() throws Exception {
        String forged = "\",\"request-id\":\"FORGED\",\"x\":\"";
        String query = "a%22b=1&%5C%22%7D%2C%22context%22%3A%7B%22request-id%22%3A%22FORGED=2&c="
                + java.net.URLEncoder.encode(forged, StandardCharsets.UTF_8) + "&%24%7Bctx%7D=%5Cu0022";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/orders?" + query))
                .header("Content-Type", "application/json").header("x-a'b", forged).header("x-c", "\\\"")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\",\"quantity\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String requestId = created.headers().firstValue("x-amzn-RequestId").orElseThrow();
        Map<String, Invocation> printed = await("the API hop of " + requestId, all -> all.values().stream()
                .anyMatch(i -> i.lines().stream().anyMatch(l -> requestId.equals(l.apiGatewayId()))));
        Invocation apiHop = apiInvocation(printed, requestId);
        assertThat(apiHop.lines()).allSatisfy(line -> SampleApiCorrelationTest.assertIds(line, apiHop.lambdaId(),
                requestId));
        assertThat(apiHop.messages()).contains("POST order with body {item=tea, quantity=1}");
    }

    private static synchronized int indexOf(String raw) {
        return PRINTED.indexOf(raw);
    }

    @Test
    void aPoisonedOrderComesBackThenGoesToTheDeadLetterQueueAndTellsItsStoryEachTime() throws Exception {
        HttpResponse<String> created = createOrder("{\"item\":\"out-of-stock\",\"quantity\":1}");
        assertThat(created.statusCode()).as("the API accepts it: it fails in fulfilment").isEqualTo(201);
        String requestId = created.headers().firstValue("x-amzn-RequestId").orElseThrow();
        String orderId = LocalApiTestJson.field(created.body(), "orderId");
        Map<String, Invocation> first = await("API invocation of " + requestId, all -> all.values().stream()
                .anyMatch(i -> i.lines().stream().anyMatch(l -> l.apiGatewayId().equals(requestId))));
        String messageId = messageIdSentBy(apiInvocation(first, requestId));

        Map<String, Invocation> printed = await("3 deliveries of " + messageId, all -> deliveries(all, messageId).size() >= 3);
        List<Invocation> deliveries = deliveries(printed, messageId);
        // The queue moves it when a receive finds it visible again: the event source mapping's next long poll.
        List<Message> dead = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (dead.stream().noneMatch(m -> m.messageId().equals(messageId)) && System.nanoTime() < deadline) {
            dead.addAll(sqs.receiveMessage(r -> r.queueUrl(api.queueUrl("OrdersDeadLetterQueue")).waitTimeSeconds(5)
                    .maxNumberOfMessages(10).messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages());
        }

        assertThat(deliveries).as("maxReceiveCount 3: three deliveries, then the dead-letter queue").hasSize(3);
        for (int delivery = 1; delivery <= 3; delivery++) {
            int n = delivery;
            Invocation invocation = deliveries.stream().filter(i -> i.messages().contains(
                    "Fulfilling order " + orderId + ": 1 x out-of-stock (delivery " + n + ")")).findFirst().orElseThrow();
            assertThat(invocation.lines()).allSatisfy(line -> {
                assertThat(line.lambdaId()).isEqualTo(invocation.lambdaId());
                assertThat(line.apiGatewayId()).isEqualTo("-");
                assertThat(line.originId()).as(line.raw()).isEqualTo(requestId);
            });
            // The recorded DEBUG lines, once each, after the lines written at once and before the ERROR that names the message.
            assertThat(invocation.lines()).extracting(LogLine::level)
                    .containsExactly("INFO", "INFO", "INFO", "DEBUG", "DEBUG", "ERROR");
            assertThat(invocation.messages().subList(2, 5)).containsExactly(
                    "Packing order " + orderId + " on a worker thread",
                    "Reserving stock of out-of-stock for order " + orderId,
                    "Stock of out-of-stock: none left");
            assertThat(invocation.messages().get(5)).startsWith("Record failed: Message ID: " + messageId + " Origin Request ID: "
                    + requestId + " Lambda Request ID: " + invocation.lambdaId());
            assertThat(invocation.lines().get(5).raw()).contains("java.lang.IllegalStateException: no stock left for item out-of-stock");
        }
        assertThat(dead).filteredOn(m -> m.messageId().equals(messageId)).singleElement().satisfies(message -> {
            assertThat(message.messageAttributes()).containsEntry("OriginRequestId",
                    MessageAttributeValue.builder().dataType("String").stringValue(requestId).build());
            assertThat(message.body()).contains("\"orderId\":\"" + orderId + "\"", "\"item\":\"out-of-stock\"");
            assertThat(message.attributesAsStrings()).containsEntry("DeadLetterQueueSourceArn",
                    "arn:aws:sqs:us-east-1:123456789012:OrdersQueue");
        });
    }

    @Test
    void concurrentOrdersEachCarryTheirOwnOriginInTheConsumerAndOnlyThePoisonedOneComesBack() throws Exception {
        // Four at once: each cold environment starts a JVM and the SDK, on a machine of two cores. Their messages reach
        // the consumer in one batch or several, as the event source's long poll finds them: either way each record's
        // lines, split at its Record line, must carry its own origin only.
        int orders = 4;
        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, orders).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/orders")).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(i == 3
                                ? "{\"item\":\"out-of-stock\",\"quantity\":" + (i + 1) + "}" : "{\"item\":\"tea\",\"quantity\":" + (i + 1) + "}")).build(),
                HttpResponse.BodyHandlers.ofString())).toList();
        Map<String, Integer> quantityByRequestId = new HashMap<>();
        for (int i = 0; i < orders; i++) {
            HttpResponse<String> response = sent.get(i).get();
            assertThat(response.statusCode()).isEqualTo(201);
            quantityByRequestId.put(response.headers().firstValue("x-amzn-RequestId").orElseThrow(), i + 1);
        }
        Map<String, Invocation> afterApi = await("the API invocations", all -> quantityByRequestId.keySet().stream().allMatch(id ->
                all.values().stream().anyMatch(i -> i.lines().stream().anyMatch(l -> l.apiGatewayId().equals(id)))));
        Map<String, String> requestIdByMessageId = new HashMap<>();
        quantityByRequestId.keySet().forEach(id -> requestIdByMessageId.put(messageIdSentBy(apiInvocation(afterApi, id)), id));
        String poisoned = requestIdByMessageId.entrySet().stream().filter(e -> quantityByRequestId.get(e.getValue()) == 4)
                .map(Map.Entry::getKey).findFirst().orElseThrow();

        Map<String, Invocation> printed = await("every message delivered, the poisoned one twice", all ->
                requestIdByMessageId.keySet().stream().allMatch(m -> !deliveries(all, m).isEmpty())
                        && deliveries(all, poisoned).size() >= 2);
        for (Map.Entry<String, String> message : requestIdByMessageId.entrySet()) {
            List<Invocation> deliveries = deliveries(printed, message.getKey());
            if (!message.getKey().equals(poisoned)) {
                assertThat(deliveries).as("a message that succeeded is deleted: delivered once").hasSize(1);
            }
            int quantity = quantityByRequestId.get(message.getValue());
            assertThat(deliveries).allSatisfy(delivery -> {
                assertThat(delivery.lines()).allSatisfy(line -> assertThat(line.originId()).as(line.raw()).isEqualTo(message.getValue()));
                assertThat(delivery.messages()).anySatisfy(m -> assertThat(m).contains(": " + quantity + " x "));
            });
        }
    }

    /**
     * What a client controls on this chain cannot forge a line or replace an ID: an {@code X-Origin-Request-Id}
     * header on {@code POST /orders} (the route's mapping template does not pass headers on as {@code headers}, so
     * the message carries the server's request ID), and a hostile {@code OriginRequestId} attribute on a message sent
     * straight to the queue (refused when implausible: one WARN, no ORIGIN; written under ORIGIN, never APIG, when
     * plausible).
     */
    @Test
    void aClientsOriginHeaderOrMessageAttributeForgesNoLineAndReplacesNoId() throws Exception {
        List<String> headerValues = List.of("client-chosen-origin", "x\u001b[2K\u001b]0;FORGED\u0007", "a".repeat(200),
                "x\r\n2026-01-01T00:00:00.000Z FORGED APIG: FORGED - INFO  X - forged");
        List<String> requestIds = new ArrayList<>();
        for (String value : headerValues) {
            requestIds.add(rawCreate(value, "HTTP/1.1 201"));
        }
        // Over API Gateway's 10,240-byte quota for header values: refused before any function runs.
        String refused = rawCreate("a".repeat(10_240), "HTTP/1.1 431");
        Map<String, String> attributeValues = new HashMap<>();
        attributeValues.put("crlf", "x\r\n2026-01-01T00:00:00.000Z FORGED APIG: FORGED - INFO  X - forged");
        attributeValues.put("ten-kb", "b".repeat(10_240));
        attributeValues.put("separators", "x\u2028FORGED\u0085\u009b2K\u007f");
        attributeValues.put("plausible", "client-chosen-origin-2");
        Map<String, String> caseByMessageId = new HashMap<>();
        for (Map.Entry<String, String> attribute : attributeValues.entrySet()) {
            String id = sqs.sendMessage(s -> s.queueUrl(api.queueUrl("OrdersQueue"))
                    .messageBody("{\"type\":\"OrderCreated\",\"orderId\":\"" + attribute.getKey() + "\",\"item\":\"tea\",\"quantity\":1}")
                    .messageAttributes(Map.of("OriginRequestId", MessageAttributeValue.builder().dataType("String")
                            .stringValue(attribute.getValue()).build()))).messageId();
            caseByMessageId.put(id, attribute.getKey());
        }

        Map<String, Invocation> printed = await("the consumer of every request " + requestIds + " and message " + caseByMessageId, all ->
                requestIds.stream().allMatch(id -> all.values().stream().anyMatch(i -> i.lines().stream().anyMatch(l -> id.equals(l.originId()))))
                        && caseByMessageId.keySet().stream().allMatch(m -> !deliveries(all, m).isEmpty()));
        assertThat(PRINTED).noneMatch(raw -> raw.contains(refused));
        assertThat(PRINTED).noneMatch(raw -> raw.contains("FORGED") && !raw.contains("\\u001b") && !raw.contains("\\r\\n")
                && !raw.contains("\\u2028"));
        for (String requestId : requestIds) {
            Invocation apiHop = apiInvocation(printed, requestId);
            assertThat(apiHop.lines()).allSatisfy(line -> {
                SampleApiCorrelationTest.assertIds(line, apiHop.lambdaId(), requestId);
                assertThat(line.originId()).isNull();
            });
            List<Invocation> consumed = deliveries(printed, messageIdSentBy(apiHop));
            assertThat(consumed).singleElement().satisfies(c -> assertThat(c.lines())
                    .allSatisfy(line -> assertThat(line.originId()).as("the server's ID travels: " + line.raw()).isEqualTo(requestId)));
        }
        for (Map.Entry<String, String> message : caseByMessageId.entrySet()) {
            Invocation delivery = deliveries(printed, message.getKey()).get(0);
            List<LogLine> all = printed.get(delivery.lambdaId()).lines();
            assertThat(delivery.lines()).allSatisfy(line -> assertThat(line.apiGatewayId()).as(line.raw()).isEqualTo("-"));
            if (message.getValue().equals("plausible")) {
                assertThat(delivery.lines()).allSatisfy(line -> assertThat(line.originId()).isEqualTo("client-chosen-origin-2"));
            } else {
                assertThat(delivery.lines()).allSatisfy(line -> assertThat(line.originId()).as(line.raw()).isNull());
                // The one WARN saying why, written before the record's line, in the record's scope.
                int record = all.indexOf(delivery.lines().get(0));
                assertThat(all.get(record - 1).level()).isEqualTo("WARN");
                assertThat(all.get(record - 1).message()).startsWith("apigw-correlation: ").contains("OriginRequestId");
            }
        }
    }

    /** {@code POST /orders} over a raw socket (the JDK client refuses control characters in a header). */
    private static String rawCreate(String originHeader, String status) throws IOException {
        byte[] body = "{\"item\":\"tea\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
        String head = "POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Origin-Request-Id: "
                + originHeader + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            assertThat(text).as("the answer to a header of " + originHeader.length() + " chars").startsWith(status);
            Matcher id = Pattern.compile("(?mi)^x-amzn-RequestId: ([0-9a-f-]{36})").matcher(text);
            assertThat(id.find()).isTrue();
            return id.group(1);
        }
    }

    /** Reads one string field of a small JSON body. */
    private static final class LocalApiTestJson {
        static String field(String json, String name) throws IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(name).asText();
        }
    }
}
