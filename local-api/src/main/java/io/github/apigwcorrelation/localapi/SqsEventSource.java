package io.github.apigwcorrelation.localapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One event source mapping of an {@code SQS} event, run the way Lambda runs it: long-poll the queue, invoke the
 * function synchronously with the batch as Lambda's SQS event, then delete what succeeded. A function error leaves
 * the whole batch; with {@code ReportBatchItemFailures}, the messages named in {@code batchItemFailures} stay (an
 * answer that names a message outside the batch, or names none in a valid way, fails the whole batch, as Lambda does).
 * What stays comes back after the queue's visibility timeout, and the queue's redrive policy moves it to the
 * dead-letter queue after {@code maxReceiveCount} receives. One batch at a time per mapping.
 */
final class SqsEventSource implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SqsEventSourceDef definition;
    private final SqsServer server;
    private final SqsServer.Queue queue;
    private final FunctionRunner runner;
    private final String region;
    private final Thread thread;
    private volatile boolean running = true;

    SqsEventSource(SqsEventSourceDef definition, SqsServer server, SqsServer.Queue queue, FunctionRunner runner, String region) {
        this.definition = definition;
        this.server = server;
        this.queue = queue;
        this.runner = runner;
        this.region = region;
        this.thread = new Thread(this::poll, "sqs-poller-" + definition.function().logicalId());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** What the startup banner says about it. */
    String describe() {
        return "SQS " + queue.name() + " -> " + definition.function().logicalId() + " (batch " + definition.batchSize()
                + (definition.windowSeconds() > 0 ? ", window " + definition.windowSeconds() + " s" : "")
                + (definition.reportBatchItemFailures() ? ", ReportBatchItemFailures" : "") + ")";
    }

    private void poll() {
        while (running) {
            try {
                List<JsonNode> batch = receiveBatch();
                if (!batch.isEmpty() && running) {
                    deliver(batch);
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println("local-api: " + describe() + ": " + e.getMessage());
                    pause(1000);
                }
            }
        }
    }

    /** Up to {@code BatchSize} messages: one long poll, then more until the batching window closes. */
    private List<JsonNode> receiveBatch() throws IOException {
        List<JsonNode> batch = new ArrayList<>(receive(SqsServer.MAX_WAIT_SECONDS, definition.batchSize()));
        long windowEnds = System.nanoTime() + definition.windowSeconds() * 1_000_000_000L;
        while (running && !batch.isEmpty() && batch.size() < definition.batchSize() && System.nanoTime() < windowEnds) {
            int seconds = (int) Math.max(1, Math.min(SqsServer.MAX_WAIT_SECONDS, (windowEnds - System.nanoTime()) / 1_000_000_000L));
            batch.addAll(receive(seconds, definition.batchSize() - batch.size()));
        }
        return batch;
    }

    private List<JsonNode> receive(int waitSeconds, int most) throws IOException {
        ObjectNode request = Events.JSON.createObjectNode().put("QueueUrl", queue.url())
                .put("MaxNumberOfMessages", Math.min(10, most)).put("WaitTimeSeconds", waitSeconds);
        request.putArray("MessageSystemAttributeNames").add("All");
        request.putArray("MessageAttributeNames").add("All");
        List<JsonNode> messages = new ArrayList<>();
        server.call("ReceiveMessage", request).path("Messages").forEach(messages::add);
        return messages;
    }

    private void deliver(List<JsonNode> batch) throws IOException {
        byte[] event = event(batch, queue.arn(), region).toString().getBytes(StandardCharsets.UTF_8);
        byte[] trace = new byte[12];
        RANDOM.nextBytes(trace);
        String traceId = String.format("1-%08x-%s", System.currentTimeMillis() / 1000, HexFormat.of().formatHex(trace));
        // "-": no API Gateway request invokes this function; the records the local API prints say so.
        FunctionRunner.Result result = runner.invoke(new FunctionRunner.Call(event, "-", traceId));
        if (result.failed()) {
            return; // the whole batch comes back after the visibility timeout
        }
        Set<String> failed = definition.reportBatchItemFailures() ? failures(result.payload(), batch) : Set.of();
        if (failed == null) {
            System.err.println("local-api: " + describe() + ": the response's batchItemFailures is not valid; the whole batch"
                    + " counts as failed (as in Lambda)");
            return;
        }
        ArrayNode entries = Events.JSON.createArrayNode();
        for (JsonNode message : batch) {
            String id = message.path("MessageId").asText();
            if (!failed.contains(id)) {
                entries.addObject().put("Id", "m" + entries.size()).put("ReceiptHandle", message.path("ReceiptHandle").asText());
            }
        }
        if (!entries.isEmpty()) {
            ObjectNode request = Events.JSON.createObjectNode().put("QueueUrl", queue.url());
            request.set("Entries", entries);
            server.call("DeleteMessageBatch", request);
        }
    }

    /**
     * The message IDs a partial batch response names, or null when the response is not a valid one: an
     * {@code itemIdentifier} that is missing, empty, not a string or not in the batch fails the whole batch. An
     * empty or null response, or one without {@code batchItemFailures}, means every message succeeded.
     */
    static Set<String> failures(byte[] payload, List<JsonNode> batch) {
        JsonNode response;
        try {
            response = payload.length == 0 ? null : Events.JSON.readTree(payload);
        } catch (IOException e) {
            return null;
        }
        if (response == null || response.isNull() || response.path("batchItemFailures").isNull()
                || response.path("batchItemFailures").isMissingNode()) {
            return Set.of();
        }
        if (!response.isObject() || !response.path("batchItemFailures").isArray()) {
            return null;
        }
        Set<String> inBatch = new HashSet<>();
        batch.forEach(m -> inBatch.add(m.path("MessageId").asText()));
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : response.path("batchItemFailures")) {
            JsonNode id = failure.path("itemIdentifier");
            if (!id.isTextual() || id.asText().isEmpty() || !inBatch.contains(id.asText())) {
                return null;
            }
            failed.add(id.asText());
        }
        return failed;
    }

    /**
     * Lambda's SQS event for a batch, from {@code ReceiveMessage}'s messages: the same names and shapes (camel case,
     * {@code stringValue}/{@code binaryValue} with {@code dataType} and the two empty list fields), every system
     * attribute as a string.
     */
    static ObjectNode event(List<JsonNode> batch, String queueArn, String region) {
        ObjectNode event = Events.JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (JsonNode message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.path("MessageId").asText());
            record.put("receiptHandle", message.path("ReceiptHandle").asText());
            record.put("body", message.path("Body").asText(""));
            ObjectNode attributes = record.putObject("attributes");
            message.path("Attributes").properties().forEach(a -> attributes.put(a.getKey(), a.getValue().asText()));
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.path("MessageAttributes").properties().forEach(a -> {
                ObjectNode attribute = messageAttributes.putObject(a.getKey());
                JsonNode value = a.getValue();
                if (value.has("StringValue")) {
                    attribute.put("stringValue", value.path("StringValue").asText());
                }
                if (value.has("BinaryValue")) {
                    attribute.put("binaryValue", value.path("BinaryValue").asText());
                }
                attribute.putArray("stringListValues");
                attribute.putArray("binaryListValues");
                attribute.put("dataType", value.path("DataType").asText());
            });
            record.put("md5OfBody", message.path("MD5OfBody").asText());
            if (message.hasNonNull("MD5OfMessageAttributes")) {
                record.put("md5OfMessageAttributes", message.path("MD5OfMessageAttributes").asText());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
