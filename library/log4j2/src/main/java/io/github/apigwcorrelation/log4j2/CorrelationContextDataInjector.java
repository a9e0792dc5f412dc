package io.github.apigwcorrelation.log4j2;

import io.github.apigwcorrelation.spi.ContextEntries;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.ThreadContextDataInjector;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.apache.logging.log4j.spi.CopyOnWrite;
import org.apache.logging.log4j.spi.DefaultThreadContextMap;
import org.apache.logging.log4j.spi.ReadOnlyThreadContextMap;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Puts the current invocation's entries into the context data of every Log4j2 event, in one step with the
 * {@code ThreadContext}: the adapter's {@code log4j2.component.properties} names this class as Log4j2's
 * {@code ContextDataInjector}.
 *
 * <p>Why not only a {@code ContextDataProvider}: with a second provider, Log4j2 2.25 merges the providers' maps into
 * a new map for every event, which made a line with both IDs cost 35 to 45 % more than a line printing the same
 * keys from the {@code ThreadContext}. Here Log4j2's own injector fills the event from the {@code ThreadContext}
 * (and any other provider) as it would without this library, and the invocation's entries are added without a
 * merge in the common cases:
 *
 * <ul>
 *   <li>garbage-free mode: the event's reusable map is filled as usual, then the entries are put into it;
 *   <li>default mode, when the {@code ThreadContext} holds nothing but keys the invocation also has (the Java
 *       runtime's stale {@code AWSRequestId}): the invocation's frozen map itself is the event's context data;
 *   <li>otherwise (the user's own {@code ThreadContext} keys): a merged frozen map, kept per thread and reused as
 *       long as the {@code ThreadContext} and the invocation stay the same.
 * </ul>
 *
 * <p>The invocation's entries always win over {@code ThreadContext} values of the same key, so the runtime's
 * {@code AWSRequestId} needs no mirroring. If another {@code ContextDataInjector} is configured, this class is not
 * used and {@link CorrelationContextDataProvider} carries the IDs instead.
 */
public final class CorrelationContextDataInjector implements ContextDataInjector {
    private static volatile boolean active;

    private final ContextDataInjector threadContext;
    /** Whether the {@code ThreadContext}'s own provider is the only one left: then its state is all there is. */
    private final boolean onlyThreadContextProvider;
    private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);

    /** Called by Log4j2, which finds the class name in {@code log4j2.component.properties}. */
    public CorrelationContextDataInjector() {
        ContextDataInjector injector = logFourJsInjectorForTheThreadContextMap();
        this.onlyThreadContextProvider = withoutOurProvider(injector);
        this.threadContext = injector;
        active = true;
    }

    /** @return whether Log4j2 uses this injector, so that the provider can step aside */
    static boolean active() {
        return active;
    }

    @Override
    public StringMap injectContextData(List<Property> properties, StringMap reusable) {
        ContextEntries entries = ContextEntries.current();
        if (entries == null) {
            return threadContext.injectContextData(properties, reusable);
        }
        StringMap ours = ContextMaps.of(entries);
        boolean noProperties = properties == null || properties.isEmpty();
        if (noProperties && onlyThreadContextProvider && ThreadContext.getThreadContextMap() == null) {
            // Log4j2's default map (not a ReadOnlyThreadContextMap): a view of the thread's entries, compared
            // with the last event's by content.
            return last.get().of(ThreadContext.getImmutableContext(), ours);
        }
        StringMap fromThreadContext = threadContext.injectContextData(properties, reusable);
        if (!fromThreadContext.isFrozen()) {
            // Garbage-free mode: the event's own map, filled as Log4j2 fills it; the invocation's entries win.
            fromThreadContext.putAll(ours);
            return fromThreadContext;
        }
        return merge(fromThreadContext, ours);
    }

    @Override
    @SuppressWarnings("deprecation") // part of the SPI Log4j2 2.25 still calls; we only delegate it
    public ReadOnlyStringMap rawContextData() {
        return threadContext.rawContextData();
    }

    @Override
    public Object getValue(String key) {
        Object value = ContextMaps.current().getValue(key);
        return value != null ? value : threadContext.getValue(key);
    }

    private static StringMap merge(ReadOnlyStringMap threadContext, StringMap ours) {
        SortedArrayStringMap map = new SortedArrayStringMap(threadContext.size() + ours.size());
        map.putAll(threadContext);
        map.putAll(ours);
        map.freeze();
        return map;
    }

    /**
     * One thread's last event context: for the same {@code ThreadContext} entries (the same value objects) and the
     * same invocation, the same frozen map. When the {@code ThreadContext} holds only keys the invocation also has
     * (the runtime's {@code AWSRequestId}), that is the invocation's own map. Nothing is allocated while both stay.
     */
    private static final class Last {
        private StringMap ours;
        private String[] keys;
        private String[] values;
        private StringMap result;

        StringMap of(Map<String, String> threadContext, StringMap entries) {
            if (entries == ours && sameAsLast(threadContext)) {
                return result;
            }
            String[] newKeys = new String[threadContext.size()];
            String[] newValues = new String[newKeys.length];
            boolean onlyOurKeys = true;
            int i = 0;
            for (Map.Entry<String, String> entry : threadContext.entrySet()) {
                newKeys[i] = entry.getKey();
                newValues[i++] = entry.getValue();
                onlyOurKeys &= entries.containsKey(entry.getKey());
            }
            if (onlyOurKeys) {
                result = entries;
            } else {
                SortedArrayStringMap map = new SortedArrayStringMap(newKeys.length + entries.size());
                for (int k = 0; k < newKeys.length; k++) {
                    map.putValue(newKeys[k], newValues[k]);
                }
                map.putAll(entries);
                map.freeze();
                result = map;
            }
            ours = entries;
            keys = newKeys;
            values = newValues;
            return result;
        }

        private boolean sameAsLast(Map<String, String> threadContext) {
            if (keys == null || threadContext.size() != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                if (threadContext.get(keys[i]) != values[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The injector Log4j2 itself would choose for the current {@code ThreadContext} map. */
    @SuppressWarnings("deprecation") // CopyOnWrite: the marker Log4j2 2.25's own choice still tests
    private static ContextDataInjector logFourJsInjectorForTheThreadContextMap() {
        ReadOnlyThreadContextMap map = ThreadContext.getThreadContextMap();
        if (map instanceof DefaultThreadContextMap || map == null) {
            return new ThreadContextDataInjector.ForDefaultThreadContextMap();
        }
        if (map instanceof CopyOnWrite) {
            return new ThreadContextDataInjector.ForCopyOnWriteThreadContextMap();
        }
        return new ThreadContextDataInjector.ForGarbageFreeThreadContextMap();
    }

    /**
     * Takes {@link CorrelationContextDataProvider} out of Log4j2's provider list for this injector: with it, Log4j2
     * would merge two providers' maps on every event again. The list is a fresh copy per injector, but a
     * package-private field; where reflection cannot reach it, the provider stays and returns an empty map.
     *
     * @return whether the {@code ThreadContext}'s own provider is now the only one
     */
    private static boolean withoutOurProvider(ContextDataInjector injector) {
        try {
            Field field = injector.getClass().getSuperclass().getDeclaredField("providers");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<ContextDataProvider> providers = (List<ContextDataProvider>) field.get(injector);
            providers.removeIf(provider -> provider instanceof CorrelationContextDataProvider);
            return providers.size() == 1 && providers.get(0).getClass().getName()
                    .equals("org.apache.logging.log4j.core.impl.ThreadContextDataProvider");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // the provider answers with an empty map while this injector is active
        }
    }
}
