package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.InfoStatus;
import io.github.apigwcorrelation.spi.ContextEntries;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC as Logback's events see it: the user's MDC plus the current invocation's entries, which win over user
 * keys of the same name. Logback reads an event's MDC once, through the logger context's adapter
 * ({@code LoggingEvent.getMDCPropertyMap()}), on the logging thread: lazily for synchronous appenders, in
 * {@code prepareForDeferredProcessing()} for {@code AsyncAppender}. So {@code %X{...}}, {@code JsonEncoder}, the
 * library's encoder and any encoder that reads the event's MDC all see the IDs, and the IDs survive
 * {@code MDC.clear()}: the core's thread-local is the source of truth, never the MDC.
 *
 * <p>Every other operation goes to the adapter that was there before ({@code LogbackMDCAdapter} unless someone
 * replaced it), which is also the one SLF4J's static {@code MDC} bound itself to: user code keeps reading and
 * writing the same MDC, and the IDs never enter it, so no MDC-copying code can carry them past the invocation.
 *
 * <p><b>Garbage footprint:</b> none per line in steady state. The invocation's own map is built once per
 * invocation ({@link ContextEntries#attachment}); with user keys, the merged map is kept per thread and reused as
 * long as neither the invocation nor Logback's read-only copy of the user's MDC changes (Logback makes a new one
 * only after a {@code put} or {@code remove}). Cost per line: Logback's own MDC read plus two thread-local reads.
 */
final class CorrelationMdcAdapter extends LogbackMDCAdapter {
    private static final Function<ContextEntries, Map<String, String>> ENTRIES_MAP = entries -> {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            map.put(entries.key(i), entries.value(i));
        }
        return Collections.unmodifiableMap(map);
    };

    private final MDCAdapter user;
    /** The user's adapter when it keeps a read-only copy of the map, as Logback's does; else null. */
    private final LogbackMDCAdapter userReadOnly;
    /** Per thread: the last {entries, user map, merged map}. JDK types only, as Logback asks of thread-locals. */
    private final ThreadLocal<Object[]> merged = new ThreadLocal<>();

    private CorrelationMdcAdapter(MDCAdapter user) {
        this.user = user;
        this.userReadOnly = user instanceof LogbackMDCAdapter ? (LogbackMDCAdapter) user : null;
    }

    /**
     * Puts the adapter on {@code factory} when it is Logback's logger context, once. Logback records a WARN status
     * ("mdcAdapter being reset a second time") when an adapter replaces another; an INFO status right after it
     * says that this is the library, so a reader of the status list knows the WARN is expected.
     *
     * @param factory what SLF4J is bound to
     * @return whether the adapter is on it now
     */
    static boolean installOn(ILoggerFactory factory) {
        if (!(factory instanceof LoggerContext)) {
            return false;
        }
        LoggerContext context = (LoggerContext) factory;
        synchronized (CorrelationMdcAdapter.class) { // installs race only with each other
            MDCAdapter current = context.getMDCAdapter();
            if (current instanceof CorrelationMdcAdapter) {
                return true;
            }
            if (current == null) {
                return false; // a context nobody gave an MDC: Logback itself would fail on its first event
            }
            context.setMDCAdapter(new CorrelationMdcAdapter(current));
            context.getStatusManager().add(new InfoStatus("apigw-correlation put its MDC adapter over "
                    + current.getClass().getName() + " (the WARN just before): every event's MDC now holds the "
                    + "request IDs of the invocation that logged it; MDC itself is unchanged", context));
            return true;
        }
    }

    @Override
    public Map<String, String> getPropertyMap() {
        Map<String, String> userMap = userMap();
        ContextEntries entries = ContextEntries.current();
        if (entries == null) {
            return userMap;
        }
        Map<String, String> own = entries.attachment(ENTRIES_MAP);
        if (userMap == null || userMap.isEmpty()) {
            return own;
        }
        Object[] last = merged.get();
        if (last != null && last[0] == entries && last[1] == userMap) {
            @SuppressWarnings("unchecked")
            Map<String, String> reused = (Map<String, String>) last[2];
            return reused;
        }
        Map<String, String> map = new LinkedHashMap<>(own);
        for (Map.Entry<String, String> entry : userMap.entrySet()) {
            map.putIfAbsent(entry.getKey(), entry.getValue());
        }
        Map<String, String> result = Collections.unmodifiableMap(map);
        merged.set(new Object[] {entries, userMap, result});
        return result;
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> userMap() {
        return userReadOnly != null ? userReadOnly.getPropertyMap() : user.getCopyOfContextMap();
    }

    // Everything else is the user's MDC, unchanged.

    @Override
    public void put(String key, String value) {
        user.put(key, value);
    }

    @Override
    public String get(String key) {
        return user.get(key);
    }

    @Override
    public void remove(String key) {
        user.remove(key);
    }

    @Override
    public void clear() {
        user.clear();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        return user.getCopyOfContextMap();
    }

    @Override
    public Set<String> getKeys() {
        Map<String, String> map = userMap();
        return map == null ? null : map.keySet();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // LogbackMDCAdapter, which this extends, declares the raw Map
    public void setContextMap(Map contextMap) {
        user.setContextMap(contextMap);
    }

    @Override
    public void pushByKey(String key, String value) {
        user.pushByKey(key, value);
    }

    @Override
    public String popByKey(String key) {
        return user.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return user.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        user.clearDequeByKey(key);
    }
}
