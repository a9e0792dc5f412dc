package io.github.apigwcorrelation.propagation.internal;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * EventBridge {@code PutEvents}, opt-in only: an entry has no attributes of its own ({@code TraceHeader} is X-Ray's),
 * so the ID can only go into the user's {@code Detail}, as the top-level field the user named, and only when
 * {@code Detail} is a JSON object without that field.
 */
final class EventBridge {
    private EventBridge() {}

    static SdkRequestHandler putEvents() {
        return new SdkRequestHandler() {
            @Override
            public Class<?> type() {
                return PutEventsRequest.class;
            }

            @Override
            public boolean appliesTo(SdkSettings settings) {
                return settings.eventBridgeDetailField() != null;
            }

            @Override
            public SdkRequest apply(SdkRequest request, String id, SdkSettings settings) {
                String field = settings.eventBridgeDetailField();
                if (field == null) {
                    return request;
                }
                PutEventsRequest put = (PutEventsRequest) request;
                List<PutEventsRequestEntry> entries = put.entries();
                String[] details = new String[entries.size()];
                long total = 0;
                for (int i = 0; i < details.length; i++) {
                    PutEventsRequestEntry entry = entries.get(i);
                    if (entry != null) {
                        details[i] = JsonSplice.addMember(entry.detail(), field, id).json();
                        total += size(entry);
                    }
                }
                List<PutEventsRequestEntry> changed = new ArrayList<>(details.length);
                List<String> refused = null;
                boolean any = false;
                for (int i = 0; i < details.length; i++) {
                    PutEventsRequestEntry entry = entries.get(i);
                    if (details[i] != null) {
                        long before = size(entry);
                        long grows = MessageLimits.utf8Length(details[i]) - MessageLimits.utf8Length(entry.detail());
                        if (MessageLimits.crossesLimit(before, before + grows)
                                || MessageLimits.crossesLimit(total, total + grows)) {
                            if (refused == null) {
                                refused = new ArrayList<>();
                            }
                            refused.add("entry " + i + " (" + before + " bytes)");
                        } else {
                            total += grows;
                            any = true;
                            entry = entry.toBuilder().detail(details[i]).build();
                        }
                    }
                    changed.add(entry);
                }
                if (refused != null) {
                    Warnings.warn("EventBridge PutEvents: " + field + " not added to " + refused.size() + " of "
                            + details.length + " entries, so their consumers will not see this request's ID: it "
                            + "would take them or the request past a size limit: " + String.join(", ", refused));
                }
                return any ? put.toBuilder().entries(changed).build() : request;
            }
        };
    }

    /** The entry size EventBridge counts: Time (14 bytes), Source, DetailType, Detail and Resources, in UTF-8. */
    private static long size(PutEventsRequestEntry entry) {
        long size = entry.time() == null ? 0 : 14;
        size += MessageLimits.utf8Length(entry.source()) + MessageLimits.utf8Length(entry.detailType())
                + MessageLimits.utf8Length(entry.detail());
        for (String resource : entry.resources()) {
            size += MessageLimits.utf8Length(resource);
        }
        return size;
    }
}
