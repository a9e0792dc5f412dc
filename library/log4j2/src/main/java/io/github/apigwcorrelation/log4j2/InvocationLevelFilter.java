package io.github.apigwcorrelation.log4j2;

import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.FlightRecorder;
import io.github.apigwcorrelation.spi.LoggingBackend;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.core.impl.ContextDataInjectorFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;

/**
 * The per-invocation levels: a context-wide filter that Log4j2 asks before its level check, on the logging thread,
 * so each invocation can differ from the configuration and from the other invocations of the JVM without any
 * logger's level changing. For a line of an invocation whose flight recorder records its level, the filter keeps an
 * immutable copy of the line in the recorder and denies it; for a line at the recorder's flush level, it writes the
 * recorder first; for a line of a sampled invocation down to the sample level, it accepts it whatever the
 * configured level. Outside such invocations it is neutral. It is added to the configuration only once an
 * invocation uses a recorder or sampling, so it costs nothing otherwise.
 *
 * <p>A question without a message ({@code isDebugEnabled()}, {@code isEnabled(Level.DEBUG)}) is answered yes for a
 * recorded level, so guarded lines reach the recorder; nothing is recorded for the question, and a question at the
 * flush level flushes nothing. A lazy message ({@code debug(() -> ...)}) is computed when it is recorded, as it
 * would be when written; a line its {@code toString()} logs then is dropped. The recorder and sampling lift the
 * root's level only: a logger set stricter than the root (a wire log turned OFF) keeps its level.
 */
final class InvocationLevelFilter extends AbstractFilter {
    static final InvocationLevelFilter INSTANCE = new InvocationLevelFilter();
    /** A message recorded here costs about this much beyond its text: the event, its context, the thread name. */
    private static final int EVENT_OVERHEAD_BYTES = 320;
    private static final ThreadLocal<Boolean> WRITING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Set while a line to record is formatted: a line its parameters log then is dropped, not recorded. */
    private static final ThreadLocal<Boolean> FORMATTING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Log4j2's injector, made once: {@code createInjector()} builds a new one on every call. */
    private static volatile ContextDataInjector injector;

    private InvocationLevelFilter() {
        super(Result.NEUTRAL, Result.NEUTRAL);
        start();
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

    /**
     * What to do with a line of this level, and whether to record it (null: record).
     *
     * @param question true for {@code isEnabled} without a message: answered, never recorded, never a flush
     */
    private static Result decide(Logger logger, Level level, boolean question) {
        ContextEntries entries = ContextEntries.current();
        if (entries == null || WRITING.get()) {
            return Result.NEUTRAL;
        }
        if (FORMATTING.get()) {
            return Result.DENY; // logged by a toString() while a recorded line is formatted: it would recurse
        }
        LoggingBackend.Level ours = Log4j2Backend.level(level);
        FlightRecorder recorder = entries.recorder();
        if (recorder != null) {
            if (recorder.records(ours)) {
                if (keepsItsOwnLevel(logger)) {
                    return Result.NEUTRAL;
                }
                return question ? Result.ACCEPT : null;
            }
            if (recorder.flushesOn(ours)) {
                if (!question) {
                    recorder.flush();
                }
                return Result.NEUTRAL;
            }
        }
        return entries.sampledAt(ours) && !keepsItsOwnLevel(logger) ? Result.ACCEPT : Result.NEUTRAL;
    }

    /**
     * A logger whose level is stricter than the root's was set so on purpose (a wire log turned OFF, a chatty
     * library at WARN): the recorder and sampling lift the root's level only, never such a logger's.
     */
    private static boolean keepsItsOwnLevel(Logger logger) {
        Level root = logger.getContext().getConfiguration().getRootLogger().getLevel();
        Level own = logger.getLevel();
        return own != null && root != null && own.intLevel() < root.intLevel();
    }

    private static Result record(Logger logger, Level level, Marker marker, Message message, Throwable thrown) {
        // The message is formatted now: its parameters may change or be reused before a flush.
        String text;
        FORMATTING.set(Boolean.TRUE);
        try {
            text = message == null ? "" : message.getFormattedMessage();
        } catch (RuntimeException e) {
            return Result.NEUTRAL; // a toString() that throws: the line goes the way it would without the recorder
        } finally {
            FORMATTING.set(Boolean.FALSE);
        }
        Thread thread = Thread.currentThread();
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName(logger.getName())
                .setLoggerFqcn(logger.getClass().getName())
                .setLevel(level)
                .setMarker(marker)
                .setMessage(new SimpleMessage(text))
                .setThrown(thrown)
                .setContextData(injector().injectContextData(null, new SortedArrayStringMap(4)))
                .setThreadName(thread.getName())
                .setThreadId(thread.getId())
                .setThreadPriority(thread.getPriority())
                .setTimeMillis(System.currentTimeMillis())
                // Walking the stack for every recorded line would cost more than the line: %L and %M print "?",
                // never the place of the flush.
                .setIncludeLocation(false)
                .build();
        ContextEntries.current().recorder().record(event, EVENT_OVERHEAD_BYTES + 2L * text.length()
                + FlightRecorder.estimatedBytes(thrown));
        return Result.DENY;
    }

    private static ContextDataInjector injector() {
        ContextDataInjector current = injector;
        if (current == null) {
            current = ContextDataInjectorFactory.createInjector();
            injector = current;
        }
        return current;
    }

    private static Result recordFormat(Logger logger, Level level, Marker marker, String format, Object[] params) {
        ParameterizedMessage message = new ParameterizedMessage(format, params);
        return record(logger, level, marker, message, message.getThrowable());
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Message msg, Throwable t) {
        Result result = decide(logger, level, msg == null && t == null);
        return result != null ? result : record(logger, level, marker, msg, t);
    }

    /** Also the questions: {@code isEnabled(level)} and {@code isDebugEnabled(marker)} come here with nulls. */
    @Override
    public Result filter(Logger logger, Level level, Marker marker, Object msg, Throwable t) {
        Result result = decide(logger, level, msg == null && t == null);
        if (result != null) {
            return result;
        }
        Object resolved = msg;
        FORMATTING.set(Boolean.TRUE);
        try {
            if (msg instanceof org.apache.logging.log4j.util.Supplier) {
                resolved = ((org.apache.logging.log4j.util.Supplier<?>) msg).get();
            } else if (msg instanceof org.apache.logging.log4j.util.MessageSupplier) {
                resolved = ((org.apache.logging.log4j.util.MessageSupplier) msg).get();
            }
        } catch (RuntimeException e) {
            return Result.NEUTRAL;
        } finally {
            FORMATTING.set(Boolean.FALSE);
        }
        Message message = resolved instanceof Message ? (Message) resolved : new SimpleMessage(String.valueOf(resolved));
        return record(logger, level, marker, message, t);
    }

    /** Also the question {@code isDebugEnabled()}, which comes here with a null message. */
    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg) {
        Result result = decide(logger, level, msg == null);
        return result != null ? result : record(logger, level, marker, new SimpleMessage(msg), null);
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object... params) {
        Result result = decide(logger, level, msg == null && (params == null || params.length == 0));
        return result != null ? result
                : recordFormat(logger, level, marker, msg, params == null ? new Object[0] : params);
    }

    // The fixed-arity forms Log4j2 calls to avoid varargs: decided first, so nothing is allocated unless recorded.

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0) {
        Result result = decide(logger, level, false);
        return result != null ? result : recordFormat(logger, level, marker, msg, new Object[] {p0});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1) {
        Result result = decide(logger, level, false);
        return result != null ? result : recordFormat(logger, level, marker, msg, new Object[] {p0, p1});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2) {
        Result result = decide(logger, level, false);
        return result != null ? result : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2,
            Object p3) {
        Result result = decide(logger, level, false);
        return result != null ? result : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2, p3});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2,
            Object p3, Object p4) {
        Result result = decide(logger, level, false);
        return result != null ? result : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2, p3, p4});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2,
            Object p3, Object p4, Object p5) {
        Result result = decide(logger, level, false);
        return result != null ? result : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2, p3, p4, p5});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2,
            Object p3, Object p4, Object p5, Object p6) {
        Result result = decide(logger, level, false);
        return result != null ? result
                : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2, p3, p4, p5, p6});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2,
            Object p3, Object p4, Object p5, Object p6, Object p7) {
        Result result = decide(logger, level, false);
        return result != null ? result
                : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2, p3, p4, p5, p6, p7});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2,
            Object p3, Object p4, Object p5, Object p6, Object p7, Object p8) {
        Result result = decide(logger, level, false);
        return result != null ? result
                : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2, p3, p4, p5, p6, p7, p8});
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String msg, Object p0, Object p1, Object p2,
            Object p3, Object p4, Object p5, Object p6, Object p7, Object p8, Object p9) {
        Result result = decide(logger, level, false);
        return result != null ? result
                : recordFormat(logger, level, marker, msg, new Object[] {p0, p1, p2, p3, p4, p5, p6, p7, p8, p9});
    }

    /** Events already made (by a LoggerConfig or appender filter chain) are not this filter's concern. */
    @Override
    public Result filter(LogEvent event) {
        return Result.NEUTRAL;
    }
}
