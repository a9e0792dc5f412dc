package io.github.apigwcorrelation.propagation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * SNS {@code Publish} and {@code PublishBatch}: a message attribute per message, which SNS hands on to SQS
 * subscribers (as a message attribute with raw message delivery, inside the JSON envelope's
 * {@code MessageAttributes} without it), to Lambda subscribers and to HTTP subscribers' envelopes.
 */
final class Sns {
    private Sns() {}

    static SdkRequestHandler publish() {
        return new SdkRequestHandler() {
            @Override
            public Class<?> type() {
                return PublishRequest.class;
            }

            @Override
            public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
                PublishRequest publish = (PublishRequest) request;
                Map<String, MessageAttributeValue> attributes = publish.messageAttributes();
                if (attributes.containsKey(MessageLimits.NAME)) {
                    return request;
                }
                Entry message = new Entry(null, publish.message(), publish.subject(), attributes);
                // Nearly always far from every limit: decided without the list and the exact count plan() makes.
                boolean roomy = attributes.size() < MessageLimits.MAX_ATTRIBUTES
                        && message.size(false) + MessageLimits.oursSize(id) <= MessageLimits.SIZE_LIMITS[0];
                if (roomy) {
                    return publish.toBuilder().messageAttributes(withOurs(attributes, id)).build();
                }
                List<Entry> one = List.of(message);
                if (!MessageLimits.plan(one, id, "SNS Publish")[0]) {
                    return request;
                }
                return publish.toBuilder().messageAttributes(withOurs(attributes, id)).build();
            }
        };
    }

    static SdkRequestHandler publishBatch() {
        return new SdkRequestHandler() {
            @Override
            public Class<?> type() {
                return PublishBatchRequest.class;
            }

            @Override
            public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
                PublishBatchRequest batch = (PublishBatchRequest) request;
                List<PublishBatchRequestEntry> entries = batch.publishBatchRequestEntries();
                if (entries.isEmpty()) {
                    return request;
                }
                List<Entry> messages = new ArrayList<>(entries.size());
                for (PublishBatchRequestEntry entry : entries) {
                    messages.add(entry == null ? Entry.ABSENT
                            : new Entry(entry.id(), entry.message(), entry.subject(), entry.messageAttributes()));
                }
                boolean[] add = MessageLimits.plan(messages, id, "SNS PublishBatch");
                List<PublishBatchRequestEntry> changed = MessageLimits.addWhere(entries, add,
                        entry -> entry.toBuilder().messageAttributes(withOurs(entry.messageAttributes(), id)).build());
                return changed == null ? request : batch.toBuilder().publishBatchRequestEntries(changed).build();
            }
        };
    }

    private static Map<String, MessageAttributeValue> withOurs(Map<String, MessageAttributeValue> attributes,
            String id) {
        Map<String, MessageAttributeValue> copy = new LinkedHashMap<>(attributes.size() + 2);
        copy.putAll(attributes);
        copy.put(MessageLimits.NAME,
                MessageAttributeValue.builder().dataType(MessageLimits.DATA_TYPE).stringValue(id).build());
        return copy;
    }

    /** One message, as {@link MessageLimits} counts it. */
    private static final class Entry implements MessageLimits.Message {
        /** A null entry in the user's list: the SDK will refuse it; we add nothing to it. */
        static final Entry ABSENT = new Entry(null, null, null, Map.of(MessageLimits.NAME,
                MessageAttributeValue.builder().build()));

        private final String entryId;
        private final String message;
        private final String subject;
        private final Map<String, MessageAttributeValue> attributes;

        Entry(String entryId, String message, String subject, Map<String, MessageAttributeValue> attributes) {
            this.entryId = entryId;
            this.message = message;
            this.subject = subject;
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
            long size = count(message, exact) + count(subject, exact);
            for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
                MessageAttributeValue value = attribute.getValue();
                size += count(attribute.getKey(), exact);
                if (value != null) {
                    size += count(value.dataType(), exact) + count(value.stringValue(), exact);
                    if (value.binaryValue() != null) {
                        size += value.binaryValue().asByteArrayUnsafe().length;
                    }
                }
            }
            return size;
        }

        private static long count(String text, boolean exact) {
            return exact ? MessageLimits.utf8Length(text) : MessageLimits.upperBound(text);
        }
    }
}
