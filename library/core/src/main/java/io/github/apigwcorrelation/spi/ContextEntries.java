package io.github.apigwcorrelation.spi;

import io.github.apigwcorrelation.LogLevel;
import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.internal.inject.CurrentInvocation;
import io.github.apigwcorrelation.internal.inject.Invocation;
import java.util.Objects;
import java.util.function.Function;

/**
 * The context entries of one invocation (the Lambda request ID, the API Gateway IDs, the standard fields), in the
 * order the adapter should write them, built once when the invocation starts. Immutable and shared by every
 * thread that works for the invocation; an adapter turns them into its backend's own form once, with
 * {@link #attachment}, and then only hands that form to each log event.
 *
 * @since 0.2.0
 */
public final class ContextEntries {
    private final RequestIds ids;
    private final String[] keys;
    private final String[] values;
    private final FlightRecorder recorder;
    private final LogLevel sampledDownTo;
    /** Each adapter's own form of the entries, built on first use: pairs of (factory, value). */
    private volatile Object[] attachments = new Object[0];

    /**
     * @param ids the invocation's IDs
     * @param keys the keys, in order
     * @param values their values, in the same order; none is null
     */
    public ContextEntries(RequestIds ids, String[] keys, String[] values) {
        this(ids, keys, values, null, null);
    }

    /**
     * @param ids the invocation's IDs
     * @param keys the keys, in order
     * @param values their values, in the same order; none is null
     * @param recorder the invocation's flight recorder, or null when it is off
     * @param sampledDownTo when the invocation is sampled, the finest level it writes whatever the configuration
     *     says; null when it is not sampled
     */
    public ContextEntries(RequestIds ids, String[] keys, String[] values, FlightRecorder recorder,
            LogLevel sampledDownTo) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
        }
        this.ids = Objects.requireNonNull(ids, "ids");
        this.keys = keys.clone();
        this.values = values.clone();
        this.recorder = recorder;
        this.sampledDownTo = sampledDownTo;
    }

    /** @return the invocation's flight recorder, or null when it is off */
    public FlightRecorder recorder() {
        return recorder;
    }

    /**
     * @param level a line's level
     * @return whether the invocation is sampled and a line at this level is written whatever the configured level
     */
    public boolean sampledAt(LoggingBackend.Level level) {
        return sampledDownTo != null && level.compareTo(LoggingBackend.Level.valueOf(sampledDownTo.name())) >= 0;
    }

    /** @return whether the invocation is sampled */
    public boolean sampled() {
        return sampledDownTo != null;
    }

    /** @return the entries of the invocation the current thread works for, or null outside any invocation */
    public static ContextEntries current() {
        Invocation invocation = CurrentInvocation.get();
        return invocation == null ? null : invocation.entries();
    }

    /** @return the invocation's IDs */
    public RequestIds ids() {
        return ids;
    }

    /** @return the number of entries */
    public int size() {
        return keys.length;
    }

    /**
     * @param index from 0 to {@link #size()} - 1
     * @return the key of that entry
     */
    public String key(int index) {
        return keys[index];
    }

    /**
     * @param index from 0 to {@link #size()} - 1
     * @return the value of that entry
     */
    public String value(int index) {
        return values[index];
    }

    /**
     * @param key a key
     * @return its value, or null when there is no such entry
     */
    public String get(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * The adapter's own form of these entries, built by {@code factory} the first time it is asked for and kept
     * with the entries (racing threads may each build one; the factory must give equal, immutable results).
     *
     * @param factory builds the form; the same instance (a constant) every time, it is also the key
     * @param <T> the form's type
     * @return the form
     */
    @SuppressWarnings("unchecked")
    public <T> T attachment(Function<ContextEntries, T> factory) {
        Object[] current = attachments;
        for (int i = 0; i < current.length; i += 2) {
            if (current[i] == factory) {
                return (T) current[i + 1];
            }
        }
        T built = factory.apply(this);
        Object[] grown = java.util.Arrays.copyOf(current, current.length + 2);
        grown[current.length] = factory;
        grown[current.length + 1] = built;
        attachments = grown;
        return built;
    }
}
