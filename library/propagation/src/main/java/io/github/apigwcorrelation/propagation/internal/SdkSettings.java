package io.github.apigwcorrelation.propagation.internal;

/** What an SDK interceptor was built with. Immutable. */
public final class SdkSettings {
    private final String eventBridgeDetailField;

    /** @param eventBridgeDetailField the top-level {@code Detail} field for EventBridge, or null for none */
    public SdkSettings(String eventBridgeDetailField) {
        this.eventBridgeDetailField = eventBridgeDetailField;
    }

    /** @return the top-level {@code Detail} field for EventBridge, or null when that is off */
    public String eventBridgeDetailField() {
        return eventBridgeDetailField;
    }
}
