package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.CallerData;
import ch.qos.logback.classic.spi.EventArgUtil;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.FlightRecorder;
import io.github.apigwcorrelation.spi.LoggingBackend;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.helpers.MessageFormatter;

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
 * yes for a recorded level, so guarded and fluent lines reach the recorder; nothing is recorded for the question,
 * and a question at the flush level flushes nothing. The recorder and sampling lift the root's level only: a logger
 * set stricter than the root (a wire log turned OFF) keeps its level. A recorded line keeps its formatted message,
 * not its arguments; a line that a {@code toString()} logs while a recorded line is formatted is dropped.
 */
final class InvocationTurboFilter extends TurboFilter {
    static final InvocationTurboFilter INSTANCE = new InvocationTurboFilter();
    /** A line recorded here costs about this much beyond its text: the event, its MDC map, the thread name. */
    private static final int EVENT_OVERHEAD_BYTES = 320;
    private static final String FQCN = Logger.class.getName();
    private static final ThreadLocal<Boolean> WRITING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Set while a line to record is formatted: a line its arguments log then is dropped, not recorded. */
    private static final ThreadLocal<Boolean> FORMATTING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static volatile boolean watchingResets;

    private InvocationTurboFilter() {
        setName("apigw-correlation");
        start();
    }

    /**
     * Adds the filter to {@code context} once, and again after every reset (a reconfiguration clears the turbo
     * filters), even in the middle of an invocation.
     */
    static void ensureOn(LoggerContext context) {
        if (!watchingResets) {
            synchronized (InvocationTurboFilter.class) {
                if (!watchingResets) {
                    context.addListener(new ReAddOnReset());
                    watchingResets = true;
                }
            }
        }
        if (!context.getTurboFilterList().contains(INSTANCE)) {
            synchronized (InvocationTurboFilter.class) {
                if (!context.getTurboFilterList().contains(INSTANCE)) {
                    context.addTurboFilter(INSTANCE);
                }
            }
        }
    }

    /** Logback calls {@code onReset} after it has cleared the turbo filters: the filter goes back at once. */
    private static final class ReAddOnReset implements LoggerContextListener {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext context) {
            if (!context.getTurboFilterList().contains(INSTANCE)) {
                context.addTurboFilter(INSTANCE);
            }
        }

        @Override
        public void onStart(LoggerContext context) {}

        @Override
        public void onStop(LoggerContext context) {}

        @Override
        public void onLevelChange(Logger logger, Level level) {}
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
        boolean question = format == null && params == null && t == null;
        FilterReply reply = reply(entries, logger, level, question);
        if (reply != null) {
            return reply;
        }
        try {
            // The message is formatted now, and only the text is kept: the arguments may change, and may be big.
            Throwable thrown = t != null ? t : EventArgUtil.extractThrowable(params);
            Object[] arguments = t == null && thrown != null ? EventArgUtil.trimmedCopy(params) : params;
            String message = format(format, arguments);
            LoggingEvent event = new LoggingEvent(FQCN, logger, level, message, thrown, null);
            if (marker != null) {
                event.addMarker(marker);
            }
            return record(entries, event, message, thrown);
        } catch (RuntimeException e) {
            return FilterReply.NEUTRAL; // the line goes the way it would without the recorder
        }
    }

    /** The fluent API's lines ({@code log.atDebug().addKeyValue(...).log(...)}), with their key-value pairs. */
    @Override
    public FilterReply decide(Logger logger, org.slf4j.event.LoggingEvent fluent) {
        ContextEntries entries = ContextEntries.current();
        if (entries == null || WRITING.get()) {
            return FilterReply.NEUTRAL;
        }
        Level level = Level.convertAnSLF4JLevel(fluent.getLevel());
        FilterReply reply = reply(entries, logger, level, false);
        if (reply != null) {
            return reply;
        }
        try {
            String message = format(fluent.getMessage(), fluent.getArgumentArray());
            LoggingEvent event = new LoggingEvent(FQCN, logger, level, message, fluent.getThrowable(), null);
            List<Marker> markers = fluent.getMarkers();
            if (markers != null) {
                markers.forEach(event::addMarker);
            }
            List<KeyValuePair> pairs = fluent.getKeyValuePairs();
            if (pairs != null && !pairs.isEmpty()) {
                event.setKeyValuePairs(List.copyOf(pairs));
            }
            return record(entries, event, message, fluent.getThrowable());
        } catch (RuntimeException e) {
            return FilterReply.NEUTRAL;
        }
    }

    private static String format(String format, Object[] arguments) {
        if (arguments == null || arguments.length == 0) {
            return format;
        }
        FORMATTING.set(Boolean.TRUE);
        try {
            return MessageFormatter.basicArrayFormat(format, arguments);
        } finally {
            FORMATTING.set(Boolean.FALSE);
        }
    }

    /** @return the reply for a line of this level, or null when the line is to be recorded */
    private static FilterReply reply(ContextEntries entries, Logger logger, Level level, boolean question) {
        if (FORMATTING.get()) {
            return FilterReply.DENY; // logged by a toString() while a recorded line is formatted: it would recurse
        }
        LoggingBackend.Level ours = LogbackBackend.level(level);
        FlightRecorder recorder = entries.recorder();
        if (recorder != null) {
            if (recorder.records(ours)) {
                if (keepsItsOwnLevel(logger)) {
                    return FilterReply.NEUTRAL;
                }
                return question ? FilterReply.ACCEPT : null;
            }
            if (recorder.flushesOn(ours)) {
                if (!question) {
                    recorder.flush();
                }
                return FilterReply.NEUTRAL;
            }
        }
        return entries.sampledAt(ours) && !keepsItsOwnLevel(logger) ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
    }

    /** A logger set stricter than the root (a wire log turned OFF, a library at WARN) keeps its level. */
    private static boolean keepsItsOwnLevel(Logger logger) {
        Level root = logger.getLoggerContext().getLogger(Logger.ROOT_LOGGER_NAME).getEffectiveLevel();
        return logger.getEffectiveLevel().toInt() > root.toInt();
    }

    private static FilterReply record(ContextEntries entries, LoggingEvent event, String message, Throwable thrown) {
        // Everything the line reads later is read now: the flush runs on another thread or after the scope that
        // gave the MDC its IDs. The caller's location is not kept (walking the stack for every recorded line would
        // cost more than the line); %line and %method print "?".
        event.setCallerData(CallerData.EMPTY_CALLER_DATA_ARRAY);
        event.prepareForDeferredProcessing();
        long bytes = EVENT_OVERHEAD_BYTES + 2L * (message == null ? 4 : message.length());
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        bytes += pairs == null ? 0 : 320L * pairs.size(); // their values are rendered only when written
        entries.recorder().record(event, bytes + FlightRecorder.estimatedBytes(thrown));
        return FilterReply.DENY;
    }
}
