package io.github.apigwcorrelation.propagation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** SQS {@code SendMessage} and {@code SendMessageBatch}: a message attribute per message. */
final class Sqs {
    private Sqs() {}

    static SdkRequestHandler sendMessage() {
        return new SdkRequestHandler() {
            @Override
            public Class<?> type() {
                return SendMessageRequest.class;
            }

            @Override
            public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
                SendMessageRequest send = (SendMessageRequest) request;
                Map<String, MessageAttributeValue> attributes = send.messageAttributes();
                if (attributes.containsKey(MessageLimits.NAME)) {
                    return request;
                }
                Entry message = new Entry(null, send.messageBody(), attributes);
                // Nearly always far from every limit: decided without the list and the exact count plan() makes.
                boolean roomy = attributes.size() < MessageLimits.MAX_ATTRIBUTES
                        && message.size(false) + MessageLimits.oursSize(id) <= MessageLimits.SIZE_LIMITS[0];
                if (roomy) {
                    return send.toBuilder().messageAttributes(withOurs(attributes, id)).build();
                }
                List<Entry> one = List.of(message);
                if (!MessageLimits.plan(one, id, "SQS SendMessage")[0]) {
                    return request;
                }
                return send.toBuilder().messageAttributes(withOurs(attributes, id)).build();
            }
        };
    }

    /**
     * The SDK's {@code SqsAsyncBatchManager} buffers messages of every thread and sends them together, on the thread
     * that fills a batch or a timer's: the invocation current there is not the one that sent most entries. Its batches
     * are sent as they are; {@code SqsBatchManagerCorrelation} adds the ID to each message when it is buffered.
     */
    static boolean fromBatchManager(SendMessageBatchRequest batch) {
        return batch.overrideConfiguration().map(o -> o.apiNames().stream()
                .anyMatch(api -> "hll".equals(api.name()) && "abm".equals(api.version()))).orElse(false);
    }

    static SdkRequestHandler sendMessageBatch() {
        return new SdkRequestHandler() {
            @Override
            public Class<?> type() {
                return SendMessageBatchRequest.class;
            }

            @Override
            public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
                SendMessageBatchRequest batch = (SendMessageBatchRequest) request;
                List<SendMessageBatchRequestEntry> entries = batch.entries();
                if (entries.isEmpty() || fromBatchManager(batch)) {
                    return request;
                }
                if (roomy(entries, id)) {
                    // Nearly always: every entry gets it, decided without the plan's per-entry bookkeeping.
                    return batch.toBuilder().entries(MessageLimits.addWhere(entries, null, entry -> withOurs(entry, id)))
                            .build();
                }
                List<Entry> messages = new ArrayList<>(entries.size());
                for (SendMessageBatchRequestEntry entry : entries) {
                    messages.add(entry == null ? Entry.ABSENT
                            : new Entry(entry.id(), entry.messageBody(), entry.messageAttributes()));
                }
                boolean[] add = MessageLimits.plan(messages, id, "SQS SendMessageBatch");
                List<SendMessageBatchRequestEntry> changed = MessageLimits.addWhere(entries, add,
                        entry -> withOurs(entry, id));
                return changed == null ? request : batch.toBuilder().entries(changed).build();
            }
        };
    }

    private static SendMessageBatchRequestEntry withOurs(SendMessageBatchRequestEntry entry, String id) {
        return entry.toBuilder().messageAttributes(withOurs(entry.messageAttributes(), id)).build();
    }

    private static Map<String, MessageAttributeValue> withOurs(Map<String, MessageAttributeValue> attributes,
            String id) {
        Map<String, MessageAttributeValue> copy = new LinkedHashMap<>(attributes.size() + 2);
        copy.putAll(attributes);
        copy.put(MessageLimits.NAME,
                MessageAttributeValue.builder().dataType(MessageLimits.DATA_TYPE).stringValue(id).build());
        return copy;
    }

    /**
     * @return whether every entry can take the attribute on an upper bound of the sizes alone: none is null, none
     *     has the attribute or 10 attributes already, and the batch stays under the smallest size limit
     */
    private static boolean roomy(List<SendMessageBatchRequestEntry> entries, String id) {
        long upper = 0;
        for (SendMessageBatchRequestEntry entry : entries) {
            if (entry == null) {
                return false;
            }
            Map<String, MessageAttributeValue> attributes = entry.messageAttributes();
            if (attributes.size() >= MessageLimits.MAX_ATTRIBUTES || attributes.containsKey(MessageLimits.NAME)) {
                return false;
            }
            upper += Entry.size(entry.messageBody(), attributes, false) + MessageLimits.oursSize(id);
        }
        return upper <= MessageLimits.SIZE_LIMITS[0];
    }

    /** One message, as {@link MessageLimits} counts it. */
    private static final class Entry implements MessageLimits.Message {
        /** A null entry in the user's list: the SDK will refuse it; we add nothing to it. */
        static final Entry ABSENT = new Entry(null, null, Map.of(MessageLimits.NAME, MessageAttributeValue.builder()
                .build()));

        private final String entryId;
        private final String body;
        private final Map<String, MessageAttributeValue> attributes;

        Entry(String entryId, String body, Map<String, MessageAttributeValue> attributes) {
            this.entryId = entryId;
            this.body = body;
            this.attributes = attributes;
        }

        @Override
        public String entryId() {
            return entryId;
        }

        @Override
        public boolean hasOurs() {
            return attributes.containsKey(MessageLimits.NAME);
        }

        @Override
        public int attributeCount() {
            return attributes.size();
        }

        @Override
        public long size(boolean exact) {
            return size(body, attributes, exact);
        }

        static long size(String body, Map<String, MessageAttributeValue> attributes, boolean exact) {
            long size = exact ? MessageLimits.utf8Length(body) : MessageLimits.upperBound(body);
            for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
                MessageAttributeValue value = attribute.getValue();
                size += exact ? MessageLimits.utf8Length(attribute.getKey())
                        : MessageLimits.upperBound(attribute.getKey());
                if (value == null) {
                    continue;
                }
                size += exact ? MessageLimits.utf8Length(value.dataType()) : MessageLimits.upperBound(value.dataType());
                size += exact ? MessageLimits.utf8Length(value.stringValue())
                        : MessageLimits.upperBound(value.stringValue());
                if (value.binaryValue() != null) {
                    size += value.binaryValue().asByteArrayUnsafe().length;
                }
                for (String text : value.stringListValues()) {
                    size += exact ? MessageLimits.utf8Length(text) : MessageLimits.upperBound(text);
                }
                for (var bytes : value.binaryListValues()) {
                    size += bytes == null ? 0 : bytes.asByteArrayUnsafe().length;
                }
            }
            return size;
        }
    }
}
