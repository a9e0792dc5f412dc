package io.github.apigwcorrelation.log4j2;

import java.util.Collections;
import java.util.Map;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.apache.logging.log4j.util.StringMap;

/**
 * Adds the current invocation's entries to the context data of every Log4j2 event, found by Log4j2 through
 * {@code ServiceLoader}: the way in when {@link CorrelationContextDataInjector} is not Log4j2's injector (another
 * one was configured); while it is, this provider returns nothing, and the injector adds the entries. Because it reads the core's thread-local holder, not the {@code ThreadContext}, the IDs
 * survive {@code ThreadContext.clearMap()} and {@code MDC.clear()} in user code. It returns maps built when the
 * invocation started, so Log4j2's garbage-free mode stays garbage-free.
 */
public final class CorrelationContextDataProvider implements ContextDataProvider {

    /** Called by {@code ServiceLoader}. */
    public CorrelationContextDataProvider() {}

    @Override
    public Map<String, String> supplyContextData() {
        return CorrelationContextDataInjector.active() ? Collections.emptyMap() : ContextMaps.currentMap();
    }

    @Override
    public StringMap supplyStringMap() {
        return CorrelationContextDataInjector.active() ? ContextMaps.EMPTY : ContextMaps.current();
    }

    @Override
    public Object getValue(String key) {
        return CorrelationContextDataInjector.active() ? null : ContextMaps.current().getValue(key);
    }
}
