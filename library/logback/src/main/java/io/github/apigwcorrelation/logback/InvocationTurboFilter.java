package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.CallerData;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.FlightRecorder;
import io.github.apigwcorrelation.spi.LoggingBackend;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * The per-invocation levels: a turbo filter, which Logback asks before its level check, on the logging thread, so
 * each invocation can differ from the configuration and from the other invocations of the JVM without any
 * logger's level changing. For a line of an invocation whose flight recorder records its level, the filter keeps
 * an immutable copy of the line (message formatted, MDC with the IDs, thread, time) in the recorder and denies it;
 * for a line at the recorder's flush level, it writes the recorder first; for a line of a sampled invocation down
 * to the sample level, it accepts it whatever the configured level. Outside such invocations it is neutral. It is
 * added to the logger context only once an invocation uses a recorder or sampling, so it costs nothing otherwise.
 *
 * <p>A question without a message ({@code isDebugEnabled()}, or the fluent API's {@code atDebug()}) is answered
 * yes for a recorded level, so guarded and fluent lines reach the recorder; nothing is recorded for the question.
 */
final class InvocationTurboFilter extends TurboFilter {
    static final InvocationTurboFilter INSTANCE = new InvocationTurboFilter();
    /** A line recorded here costs about this much beyond its text: the event, its MDC map, the thread name. */
    private static final int EVENT_OVERHEAD_BYTES = 320;
    private static final String FQCN = Logger.class.getName();
    private static final ThreadLocal<Boolean> WRITING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private InvocationTurboFilter() {
        setName("apigw-correlation");
        start();
    }

    /** Adds the filter to {@code context} once (again after a reconfiguration, which clears turbo filters). */
    static void ensureOn(LoggerContext context) {
        if (!context.getTurboFilterList().contains(INSTANCE)) {
            synchronized (InvocationTurboFilter.class) {
                if (!context.getTurboFilterList().contains(INSTANCE)) {
                    context.addTurboFilter(INSTANCE);
                }
            }
        }
    }

    /** Runs {@code write} with this filter stepping aside on this thread: recorded lines are written as they are. */
    static void writing(Runnable write) {
        WRITING.set(Boolean.TRUE);
        try {
            write.run();
        } finally {
            WRITING.set(Boolean.FALSE);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        ContextEntries entries = ContextEntries.current();
        if (entries == null || WRITING.get()) {
            return FilterReply.NEUTRAL;
        }
        FilterReply reply = reply(entries, level);
        if (reply != null) {
            return reply;
        }
        if (format == null && params == null && t == null) {
            return FilterReply.ACCEPT; // a question (isDebugEnabled, atDebug): yes, so the line reaches us
        }
        LoggingEvent event = new LoggingEvent(FQCN, logger, level, format, t, params);
        if (marker != null) {
            event.addMarker(marker);
        }
        return record(entries, event);
    }

    /** The fluent API's lines ({@code log.atDebug().addKeyValue(...).log(...)}), with their key-value pairs. */
    @Override
    public FilterReply decide(Logger logger, org.slf4j.event.LoggingEvent fluent) {
        ContextEntries entries = ContextEntries.current();
        if (entries == null || WRITING.get()) {
            return FilterReply.NEUTRAL;
        }
        Level level = Level.convertAnSLF4JLevel(fluent.getLevel());
        FilterReply reply = reply(entries, level);
        if (reply != null) {
            return reply;
        }
        LoggingEvent event = new LoggingEvent(FQCN, logger, level, fluent.getMessage(), fluent.getThrowable(),
                fluent.getArgumentArray());
        List<Marker> markers = fluent.getMarkers();
        if (markers != null) {
            markers.forEach(event::addMarker);
        }
        List<KeyValuePair> pairs = fluent.getKeyValuePairs();
        if (pairs != null && !pairs.isEmpty()) {
            event.setKeyValuePairs(List.copyOf(pairs));
        }
        return record(entries, event);
    }

    /** @return the reply for a line of this level, or null when the line is to be recorded */
    private static FilterReply reply(ContextEntries entries, Level level) {
        LoggingBackend.Level ours = LogbackBackend.level(level);
        FlightRecorder recorder = entries.recorder();
        if (recorder != null) {
            if (recorder.records(ours)) {
                return null;
            }
            if (recorder.flushesOn(ours)) {
                recorder.flush();
                return FilterReply.NEUTRAL;
            }
        }
        return entries.sampledAt(ours) ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
    }

    private static FilterReply record(ContextEntries entries, LoggingEvent event) {
        // Everything the line reads later is read now: its parameters may change, and the flush runs on
        // another thread or after the scope that gave the MDC its IDs. The caller's location is not kept (walking
        // the stack for every recorded line would cost more than the line); %line and %method print "?".
        event.setCallerData(CallerData.EMPTY_CALLER_DATA_ARRAY);
        event.prepareForDeferredProcessing();
        String message = event.getFormattedMessage();
        entries.recorder().record(event, EVENT_OVERHEAD_BYTES + 2L * (message == null ? 4 : message.length())
                + (event.getThrowableProxy() == null ? 0 : 4096));
        return FilterReply.DENY;
    }
}
