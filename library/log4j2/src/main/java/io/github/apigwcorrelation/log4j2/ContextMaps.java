package io.github.apigwcorrelation.log4j2;

import io.github.apigwcorrelation.spi.ContextEntries;
import java.util.Collections;
import java.util.Map;
import java.util.function.Function;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * The Log4j2 form of an invocation's entries: a frozen {@link StringMap}, built once per invocation and kept with
 * it ({@link ContextEntries#attachment}), so that a log event only copies or shares it and Log4j2's garbage-free
 * mode stays garbage-free.
 */
final class ContextMaps {
    static final StringMap EMPTY = frozen(new SortedArrayStringMap(0));
    private static final Function<ContextEntries, StringMap> BUILD = ContextMaps::build;
    /** Only Log4j2's default (not garbage-free) injector asks for a {@code Map}: made on first use. */
    private static final Function<ContextEntries, Map<String, String>> BUILD_MAP =
            entries -> Collections.unmodifiableMap(of(entries).toMap());

    private ContextMaps() {}

    /** @return the current invocation's frozen map, or an empty frozen map outside any invocation */
    static StringMap current() {
        ContextEntries entries = ContextEntries.current();
        return entries == null ? EMPTY : entries.attachment(BUILD);
    }

    /** @return the current invocation's entries as an unmodifiable {@code Map}, or an empty one */
    static Map<String, String> currentMap() {
        ContextEntries entries = ContextEntries.current();
        return entries == null ? Collections.emptyMap() : entries.attachment(BUILD_MAP);
    }

    /** @return the frozen map of {@code entries} */
    static StringMap of(ContextEntries entries) {
        return entries.attachment(BUILD);
    }

    private static StringMap build(ContextEntries entries) {
        SortedArrayStringMap map = new SortedArrayStringMap(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            map.putValue(entries.key(i), entries.value(i));
        }
        return frozen(map);
    }

    private static StringMap frozen(SortedArrayStringMap map) {
        map.freeze();
        return map;
    }
}
