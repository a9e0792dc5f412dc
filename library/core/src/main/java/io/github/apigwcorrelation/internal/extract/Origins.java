package io.github.apigwcorrelation.internal.extract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;

/**
 * Where the request that started a chain travels: the {@code X-Origin-Request-Id} header of an HTTP call through
 * API Gateway, the {@code OriginRequestId} message attribute of an SQS message or SNS notification (also inside an
 * SQS body that SNS delivered without raw delivery), a field of an EventBridge event's {@code detail} when the user
 * chose one, the {@code OriginRequestId} of an asynchronous invoke's client context. Whoever can call the API or
 * send the message controls these values: they are checked for plausibility like every ID, and only ever written
 * under their own key. Never throws.
 */
public final class Origins {
    /** The HTTP header that carries it. */
    public static final String HEADER = "X-Origin-Request-Id";
    /** The SQS and SNS message attribute, and the client context entry, that carry it. */
    public static final String ATTRIBUTE = "OriginRequestId";
    private static final JsonFactory JSON = new JsonFactory();

    private Origins() {}

    /** What an incoming record carries: its origin's request ID, when any, and its own message ID. */
    public static final class Found {
        final Object origin;
        final Object messageId;
        final String where;
        private final long sentAt;

        Found(Object origin, Object messageId, String where) {
            this(origin, messageId, where, -1);
        }

        Found(Object origin, Object messageId, String where, long sentAt) {
            this.origin = origin;
            this.messageId = messageId;
            this.where = where;
            this.sentAt = sentAt;
        }

        /**
         * @return when the service accepted the record (SQS {@code SentTimestamp}, SNS {@code Timestamp}), in
         *     milliseconds since the epoch, or -1 when it does not say or says something implausible
         */
        public long sentAt() {
            return sentAt;
        }
    }

    /**
     * @param event an API Gateway event (typed, a {@code Map}, a POJO or the pruned map of a JSON event)
     * @return the header's value when it is there once, in any case; else null
     */
    static Object header(Object event) {
        Object headers;
        if (event instanceof APIGatewayProxyRequestEvent) {
            headers = ((APIGatewayProxyRequestEvent) event).getHeaders();
        } else if (event instanceof APIGatewayV2HTTPEvent) {
            headers = ((APIGatewayV2HTTPEvent) event).getHeaders();
        } else if (event instanceof APIGatewayV2WebSocketEvent) {
            headers = ((APIGatewayV2WebSocketEvent) event).getHeaders();
        } else {
            headers = PropertyReader.child(event, "headers");
        }
        return once(headers, HEADER);
    }

    /**
     * @param record an SQS message or SNS record, typed or as a {@code Map}
     * @return what it carries; the origin null when it carries none
     */
    public static Found ofRecord(Object record) {
        try {
            if (record instanceof SQSEvent.SQSMessage) {
                SQSEvent.SQSMessage message = (SQSEvent.SQSMessage) record;
                Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes();
                SQSEvent.MessageAttribute attribute = attributes == null ? null : attributes.get(ATTRIBUTE);
                Object origin = attribute == null ? fromSnsEnvelope(message.getBody()) : attribute.getStringValue();
                Map<String, String> system = message.getAttributes();
                return new Found(origin, message.getMessageId(), "the SQS message",
                        epochMillis(system == null ? null : system.get("SentTimestamp")));
            }
            if (record instanceof SNSEvent.SNSRecord) {
                SNSEvent.SNS sns = ((SNSEvent.SNSRecord) record).getSNS();
                if (sns == null) {
                    return new Found(null, null, "the SNS record");
                }
                Map<String, SNSEvent.MessageAttribute> attributes = sns.getMessageAttributes();
                SNSEvent.MessageAttribute attribute = attributes == null ? null : attributes.get(ATTRIBUTE);
                return new Found(attribute == null ? null : attribute.getValue(), sns.getMessageId(), "the SNS record",
                        isoMillis(snsTimestamp(sns)));
            }
            Object sns = PropertyReader.child(record, "Sns");
            if (sns != null) {
                Object attribute = PropertyReader.child(PropertyReader.child(sns, "MessageAttributes"), ATTRIBUTE);
                return new Found(PropertyReader.child(attribute, "Value"), PropertyReader.child(sns, "MessageId"),
                        "the SNS record", isoMillis(PropertyReader.child(sns, "Timestamp")));
            }
            Object attribute = PropertyReader.child(PropertyReader.child(record, "messageAttributes"), ATTRIBUTE);
            Object origin = attribute != null ? PropertyReader.child(attribute, "stringValue")
                    : fromSnsEnvelope(PropertyReader.child(record, "body"));
            return new Found(origin, PropertyReader.child(record, "messageId"), "the SQS message",
                    epochMillis(PropertyReader.child(PropertyReader.child(record, "attributes"), "SentTimestamp")));
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return new Found(null, null, "the record");
        }
    }

    /** SQS's {@code SentTimestamp}: milliseconds since the epoch, as a decimal string; -1 if anything else. */
    private static long epochMillis(Object value) {
        if (!(value instanceof String) || ((String) value).isEmpty() || ((String) value).length() > 15) {
            return -1;
        }
        String text = (String) value;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text); // 15 digits at most: always a long
    }

    /** SNS's {@code Timestamp}: ISO 8601 with an offset; -1 if anything else. */
    private static long isoMillis(Object value) {
        if (!(value instanceof String) || ((String) value).length() > 40) {
            return -1;
        }
        try {
            return java.time.OffsetDateTime.parse((String) value).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return -1; // not a time, or one no millisecond count can hold: the record keeps its IDs all the same
        }
    }

    /** The typed event's timestamp is a Joda-Time {@code DateTime}, whose text is ISO 8601. */
    private static Object snsTimestamp(SNSEvent.SNS sns) {
        try {
            Object timestamp = sns.getTimestamp();
            return timestamp == null ? null : timestamp.toString();
        } catch (LinkageError e) {
            return null; // Joda-Time is not on the class path: the events library then cannot have set it
        }
    }

    /**
     * @param event an EventBridge event, typed ({@code ScheduledEvent}) or as a {@code Map}
     * @param field the top-level {@code detail} field the sender put the origin in
     * @return its value, or null
     */
    public static Object ofEventBridge(Object event, String field) {
        if (event instanceof ScheduledEvent) {
            Map<String, Object> detail = ((ScheduledEvent) event).getDetail();
            return detail == null ? null : detail.get(field);
        }
        if (PropertyReader.child(event, "detail-type") == null) {
            return null;
        }
        return PropertyReader.child(PropertyReader.child(event, "detail"), field);
    }

    /**
     * SNS delivers to SQS without raw message delivery as a JSON envelope in the body, whose
     * {@code MessageAttributes} hold {@code {"Type": "String", "Value": ...}} entries.
     */
    private static Object fromSnsEnvelope(Object body) {
        if (!(body instanceof String) || !((String) body).startsWith("{")) {
            return null;
        }
        String text = (String) body;
        if (!text.contains("\"MessageAttributes\"") || !text.contains("\"TopicArn\"")) {
            return null;
        }
        // Only a whole SNS notification: its type, a topic's ARN and the signing fields SNS always writes. A body
        // an API client wrote and a function forwarded has no reason to look like that; anyone who can write
        // such a body to the queue can set the attribute itself, so this guards against accidents, not senders.
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Object found = null;
            String type = null;
            String topic = null;
            String certificate = null;
            boolean signed = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("MessageAttributes".equals(name) && value == JsonToken.START_OBJECT) {
                    found = attributeValue(parser); // the last one wins, as in a Map
                } else if (value == JsonToken.VALUE_STRING && "Type".equals(name)) {
                    type = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && "TopicArn".equals(name)) {
                    topic = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && "SigningCertURL".equals(name)) {
                    certificate = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && "Signature".equals(name)) {
                    signed = !parser.getText().isEmpty();
                } else {
                    parser.skipChildren();
                }
            }
            boolean notification = "Notification".equals(type) && topic != null && topic.startsWith("arn:aws")
                    && topic.contains(":sns:") && signed && certificate != null && certificate.startsWith("https://sns.");
            return notification ? found : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parser on START_OBJECT of {@code MessageAttributes}; returns at its END_OBJECT. */
    private static Object attributeValue(JsonParser parser) throws IOException {
        Object found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (ATTRIBUTE.equals(name) && value == JsonToken.START_OBJECT) {
                found = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken token = parser.nextToken();
                    if ("Value".equals(field)) {
                        found = token == JsonToken.VALUE_STRING ? parser.getText() : Boolean.FALSE;
                    }
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    /** A header's value when it appears once, in whatever case; null when absent or repeated. */
    static Object once(Object headers, String name) {
        if (!(headers instanceof Map)) {
            return null;
        }
        Object found = null;
        for (Map.Entry<?, ?> header : ((Map<?, ?>) headers).entrySet()) {
            if (header.getKey() instanceof String && name.equalsIgnoreCase((String) header.getKey())) {
                if (found != null) {
                    return null;
                }
                found = header.getValue();
            }
        }
        return found;
    }
}
