package io.github.apigwcorrelation.internal.inject;

import io.github.apigwcorrelation.RequestIds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * The context entries of one invocation, built once when it starts so that a log call only copies them:
 * nothing here is allocated per log line.
 */
public final class Invocation {
    private final RequestIds ids;
    private final StringMap stringMap;
    private final Map<String, String> map;

    /**
     * @param ids the invocation's IDs
     * @param keys the context keys, in the order of {@code values}
     * @param values the values; a null value leaves its key out
     */
    public Invocation(RequestIds ids, String[] keys, String[] values) {
        this.ids = ids;
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                entries.put(keys[i], values[i]);
            }
        }
        SortedArrayStringMap frozen = new SortedArrayStringMap(entries);
        frozen.freeze();
        this.stringMap = frozen;
        this.map = Collections.unmodifiableMap(entries);
    }

    /** @return the IDs */
    public RequestIds ids() {
        return ids;
    }

    StringMap asStringMap() {
        return stringMap;
    }

    Map<String, String> asMap() {
        return map;
    }
}
