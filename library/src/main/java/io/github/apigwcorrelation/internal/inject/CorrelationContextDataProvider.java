package io.github.apigwcorrelation.internal.inject;

import java.util.Collections;
import java.util.Map;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Adds the current invocation's IDs to the context data of every Log4j2 event, found by Log4j2 through
 * {@code ServiceLoader}. Because it reads the thread-local holder, not the {@code ThreadContext}, the IDs
 * survive {@code ThreadContext.clearMap()} and {@code MDC.clear()} in user code. It returns maps built when
 * the invocation started, so Log4j2's garbage-free mode stays garbage-free.
 */
public final class CorrelationContextDataProvider implements ContextDataProvider {
    private static final StringMap EMPTY = frozenEmpty();

    /** Called by {@code ServiceLoader}. */
    public CorrelationContextDataProvider() {}

    @Override
    public Map<String, String> supplyContextData() {
        Invocation invocation = CurrentInvocation.get();
        return invocation == null ? Collections.emptyMap() : invocation.asMap();
    }

    @Override
    public StringMap supplyStringMap() {
        Invocation invocation = CurrentInvocation.get();
        return invocation == null ? EMPTY : invocation.asStringMap();
    }

    @Override
    public Object getValue(String key) {
        Invocation invocation = CurrentInvocation.get();
        return invocation == null ? null : invocation.asStringMap().getValue(key);
    }

    private static StringMap frozenEmpty() {
        SortedArrayStringMap map = new SortedArrayStringMap(0);
        map.freeze();
        return map;
    }
}
