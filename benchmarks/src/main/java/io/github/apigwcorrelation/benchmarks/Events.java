package io.github.apigwcorrelation.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The benchmark events: the repository's event files (copied by the build from {@code events/} and the
 * library's test resources), turned into what a handler receives from the Java runtime, and large events
 * generated from the REST proxy event.
 */
public final class Events {
    /** REST API proxy event of {@code GET /orders/42}. */
    public static final String REST_PROXY = "rest-proxy-get-order.json";
    /** HTTP API (payload 2.0) event of {@code GET /orders}. */
    public static final String HTTP_API = "http-api-list-orders.json";
    /** The rendered mapping template of the non-proxy {@code POST /orders}. */
    public static final String MAPPING_TEMPLATE = "rest-nonproxy-create-order.json";

    /**
     * An SQS event of one message that the REST API's function sent through the propagation artifact (its
     * {@code OriginRequestId} attribute is {@link #REST_REQUEST_ID}); in {@code benchmarks/src/main/resources/events}.
     */
    public static final String SQS_FROM_API = "sqs-order-from-api.json";
    /** The {@code messageId} of the message of {@link #SQS_FROM_API}. */
    public static final String SQS_MESSAGE_ID = "2e1424d4-f796-459a-8184-9c92662be6da";

    /** {@code requestContext.requestId} of {@link #REST_PROXY}. */
    public static final String REST_REQUEST_ID = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    /** {@code requestContext.extendedRequestId} of {@link #REST_PROXY}. */
    public static final String REST_EXTENDED_REQUEST_ID = "Kx7PqHdToAMEbSw=";
    /** {@code requestContext.requestId} of {@link #HTTP_API}. */
    public static final String HTTP_REQUEST_ID = "RtZ3kjQ2IAMEV5g=";
    /** {@code context.request-id} of {@link #MAPPING_TEMPLATE}. */
    public static final String TEMPLATE_REQUEST_ID = "d2a7c941-6f3e-4b08-9e5a-3c81f7b20e64";

    /** Where the request context sits in a generated large event. */
    public enum Position {
        /** {@code requestContext} is the first member, before the body. */
        FIRST,
        /** {@code requestContext} is the last member, after the body. */
        LAST
    }

    /** Holds the generic type of a {@code RequestHandler<Map<String, Object>, ?>} input. */
    @SuppressWarnings("unused")
    private static Map<String, Object> mapInput;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    /** @return the bytes of one of the repository's event files */
    public static byte[] bytes(String file) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no event file /events/" + file + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the REST proxy event as the runtime's serializer builds it for a typed handler */
    public static APIGatewayProxyRequestEvent restProxy() {
        return typed(REST_PROXY, APIGatewayProxyRequestEvent.class);
    }

    /** @return the HTTP API event as the runtime's serializer builds it for a typed handler */
    public static APIGatewayV2HTTPEvent httpApi() {
        return typed(HTTP_API, APIGatewayV2HTTPEvent.class);
    }

    /** @return the SQS event as the runtime's serializer builds it for a typed {@code SQSEvent} handler */
    public static SQSEvent sqs() {
        return typed(SQS_FROM_API, SQSEvent.class);
    }

    /**
     * The context entries {@code Correlation.builder().logInvocationLine(false)} installs for {@link #restProxy()}
     * with {@code BenchContext}, in its order, {@code cold_start} as in a JMH fork (its first invocation): what the
     * "plain, both IDs" contenders of both backends put in the {@code ThreadContext} or MDC by hand.
     */
    public static final java.util.List<String[]> REST_CONTEXT_ENTRIES = java.util.List.of(
            new String[] {"AWSRequestId", BenchContext.LAMBDA_REQUEST_ID},
            new String[] {"ApiGatewayRequestId", REST_REQUEST_ID},
            new String[] {"ApiGatewayExtendedRequestId", REST_EXTENDED_REQUEST_ID},
            new String[] {"cold_start", "true"});

    /**
     * The SQS event of {@link #SQS_FROM_API} with {@code messages} copies of its message, each deserialized on its own
     * by the runtime's serializer; message {@code i} has the message ID {@link #sqsMessageId(int)}.
     *
     * @param messages how many messages the batch holds (SQS hands a function at most 10 by default)
     * @return the batch
     */
    public static SQSEvent sqsBatch(int messages) {
        java.util.List<SQSEvent.SQSMessage> records = new java.util.ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            SQSEvent.SQSMessage message = sqs().getRecords().get(0);
            message.setMessageId(sqsMessageId(i));
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /**
     * @param index the message's place in {@link #sqsBatch(int)}
     * @return its message ID: {@link #SQS_MESSAGE_ID} for the first, the same with the last two digits the index after
     */
    public static String sqsMessageId(int index) {
        return index == 0 ? SQS_MESSAGE_ID
                : SQS_MESSAGE_ID.substring(0, SQS_MESSAGE_ID.length() - 2) + String.format(java.util.Locale.ROOT,
                        "%02d", index);
    }

    /** @return the mapping-template event as the runtime builds it for a {@code Map<String, Object>} handler */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mappingTemplateMap() {
        try {
            Type type = Events.class.getDeclaredField("mapInput").getGenericType();
            return (Map<String, Object>) JacksonFactory.getInstance().getSerializer(type)
                    .fromJson(new String(bytes(MAPPING_TEMPLATE), StandardCharsets.UTF_8));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T typed(String file, Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, type.getClassLoader())
                .fromJson(new String(bytes(file), StandardCharsets.UTF_8));
    }

    /**
     * A REST proxy event of {@code size} bytes: the repository's event with a JSON order list as its body,
     * {@code requestContext} moved before or after that body.
     *
     * @param size the exact length of the result in bytes, at least 2 KB
     * @param position where {@code requestContext} goes
     * @return the UTF-8 JSON
     */
    public static byte[] large(int size, Position position) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(bytes(REST_PROXY));
            ObjectNode context = (ObjectNode) event.remove("requestContext");
            event.put("body", "");
            ObjectNode ordered = JSON.createObjectNode();
            if (position == Position.FIRST) {
                ordered.set("requestContext", context);
            }
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field : event.properties()) {
                ordered.set(field.getKey(), field.getValue());
            }
            if (position == Position.LAST) {
                ordered.set("requestContext", context);
            }
            int room = size - JSON.writeValueAsBytes(ordered).length;
            if (room < 64) {
                throw new IllegalArgumentException("an event of " + size + " bytes has no room for a body");
            }
            ordered.put("body", body(room));
            byte[] json = JSON.writeValueAsBytes(ordered);
            if (json.length != size) {
                throw new IllegalStateException("generated " + json.length + " bytes instead of " + size);
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON order list as a string whose escaped form is exactly {@code escapedLength} bytes long. */
    private static String body(int escapedLength) {
        StringBuilder body = new StringBuilder("[");
        int escaped = 1;
        int i = 0;
        while (true) {
            String item = (i == 0 ? "" : ",") + "{\"sku\":\"SKU-" + (100000 + i) + "\",\"quantity\":" + (i % 9 + 1) + "}";
            int itemEscaped = item.length() + (int) item.chars().filter(c -> c == '"').count(); // a quote is written \"
            if (escaped + itemEscaped + 1 > escapedLength) {
                break;
            }
            body.append(item);
            escaped += itemEscaped;
            i++;
        }
        body.append(']');
        escaped++;
        while (escaped < escapedLength) {
            body.append(' ');
            escaped++;
        }
        return body.toString();
    }
}
