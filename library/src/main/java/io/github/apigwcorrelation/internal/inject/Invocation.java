package io.github.apigwcorrelation.internal.inject;

import io.github.apigwcorrelation.RequestIds;
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
    /** Only Log4j2's default (not garbage-free) injector asks for a {@code Map}: made on first use. */
    private volatile Map<String, String> map;

    /**
     * @param ids the invocation's IDs
     * @param keys the context keys, in the order of {@code values}
     * @param values the values; a null value leaves its key out
     */
    public Invocation(RequestIds ids, String[] keys, String[] values) {
        this.ids = ids;
        SortedArrayStringMap frozen = new SortedArrayStringMap(keys.length);
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                frozen.putValue(keys[i], values[i]);
            }
        }
        frozen.freeze();
        this.stringMap = frozen;
    }

    /** @return the IDs */
    public RequestIds ids() {
        return ids;
    }

    StringMap asStringMap() {
        return stringMap;
    }

    Map<String, String> asMap() {
        Map<String, String> view = map;
        if (view == null) {
            // Racing threads may each build one; they are equal and immutable.
            view = java.util.Collections.unmodifiableMap(stringMap.toMap());
            map = view;
        }
        return view;
    }
}
