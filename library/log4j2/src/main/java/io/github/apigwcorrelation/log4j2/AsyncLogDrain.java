package io.github.apigwcorrelation.log4j2;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * Waits, when an invocation ends, until Log4j2's async loggers have written every event logged before it ended.
 * Lambda may freeze the process as soon as the handler returns, and a line still in a ring buffer would then be
 * printed late (during a later invocation) or never.
 *
 * <p>Only what was already queued counts: the wait ends when the ring buffer's consumer has passed the last
 * sequence published before the close began. A thread that keeps logging (another invocation, a background
 * thread) adds events behind that mark and cannot make the wait longer. A ring buffer slot is released only after
 * its event has been handed to the appenders, so a passed mark means those lines are written.
 *
 * <p>Bounds: the wait gives up when the consumer makes no progress for {@link #STALL_MILLIS} (a stuck appender),
 * and after {@link #MAX_WAIT_MILLIS} in all (a backlog larger than Lambda would wait for).
 *
 * <p>Covers async loggers ({@code AsyncLoggerContextSelector}) and {@code <AsyncLogger>}/{@code <AsyncRoot>}. An
 * {@code AsyncAppender} exposes no sequence to wait for and is not covered. The ring buffer is read through the
 * {@code RingBufferAdmin} Log4j2 creates for JMX; a Log4j2 whose internals differ turns the wait off, never the
 * handler.
 *
 * <p>Cost: without the LMAX Disruptor on the class path, nothing. With it, a look at the configuration (cached per
 * configuration) and, when async loggers are configured, two volatile reads per ring buffer, plus the wait itself
 * when lines are still queued.
 */
final class AsyncLogDrain {
    /** How long the consumer may make no progress before the wait is given up: a stuck appender costs this. */
    static final long STALL_MILLIS = 1_000;
    /** The longest an invocation's end waits for its lines, whatever the backlog. */
    static final long MAX_WAIT_MILLIS = 5_000;
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * The Disruptor's {@code RingBuffer}: its cursor (the last sequence published) and its minimum gating sequence
     * (the last one every consumer is done with), or null without the Disruptor. Looked up, not linked: the
     * Disruptor is optional for Log4j2 and absent from most class paths.
     */
    private static final MethodHandle[] RING_BUFFER = ringBufferAccess();
    /** Log4j2 keeps the ring buffer it reports on in a private field of its JMX view of it. */
    private static final Field RING_BUFFER_OF_ADMIN = RING_BUFFER == null ? null : ringBufferOfAdmin();
    /** The last configuration looked at, and whether it has async logger configs; replaced on reconfiguration. */
    private static volatile Object[] lastConfiguration = {null, Boolean.FALSE};

    private AsyncLogDrain() {}

    /** @param logger the library's logger, whose logger context is the one to drain */
    static void invocationEnded(Logger logger) {
        if (RING_BUFFER_OF_ADMIN != null) {
            try {
                awaitWritten(logger);
            } catch (Throwable e) { // MethodHandle.invokeExact declares Throwable
                // Best effort: a Log4j2 without these internals, or one being reconfigured, is no reason to fail.
            }
        }
    }

    private static void awaitWritten(Logger logger) throws Throwable {
        if (!(logger instanceof org.apache.logging.log4j.core.Logger)) {
            return;
        }
        LoggerContext context = ((org.apache.logging.log4j.core.Logger) logger).getContext();
        Object loggers = context instanceof AsyncLoggerContext
                ? ringBuffer(((AsyncLoggerContext) context).createRingBufferAdmin()) : null;
        Configuration config = context.getConfiguration();
        Object loggerConfigs = hasAsyncLoggerConfig(config)
                ? ringBuffer(config.getAsyncLoggerConfigDelegate().createRingBufferAdmin(context.getName(), ""))
                : null;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        await(loggers, deadline);
        await(loggerConfigs, deadline);
    }

    /** Waits until the consumer has passed every sequence published before now. */
    private static void await(Object ringBuffer, long deadline) throws Throwable {
        if (ringBuffer == null) {
            return;
        }
        long mark = (long) RING_BUFFER[0].invokeExact(ringBuffer);
        long done = (long) RING_BUFFER[1].invokeExact(ringBuffer);
        long stall = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
        long stallDeadline = System.nanoTime() + stall;
        while (done < mark) {
            long now = System.nanoTime();
            if (now - stallDeadline > 0 || now - deadline > 0) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
            long next = (long) RING_BUFFER[1].invokeExact(ringBuffer);
            if (next > done) {
                stallDeadline = System.nanoTime() + stall;
            }
            done = next;
        }
    }

    private static Object ringBuffer(RingBufferAdmin admin) throws ReflectiveOperationException {
        return admin == null ? null : RING_BUFFER_OF_ADMIN.get(admin);
    }

    private static boolean hasAsyncLoggerConfig(Configuration config) {
        Object[] last = lastConfiguration;
        if (last[0] == config) {
            return (Boolean) last[1];
        }
        boolean async = config.getRootLogger() instanceof AsyncLoggerConfig;
        for (LoggerConfig loggerConfig : config.getLoggers().values()) {
            async |= loggerConfig instanceof AsyncLoggerConfig;
        }
        lastConfiguration = new Object[] {config, async};
        return async;
    }

    private static Field ringBufferOfAdmin() {
        try {
            Field field = RingBufferAdmin.class.getDeclaredField("ringBuffer");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static MethodHandle[] ringBufferAccess() {
        try {
            Class<?> ringBuffer = Class.forName("com.lmax.disruptor.RingBuffer", false,
                    AsyncLogDrain.class.getClassLoader());
            MethodType toLong = MethodType.methodType(long.class);
            MethodType objectToLong = MethodType.methodType(long.class, Object.class);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new MethodHandle[] {
                lookup.findVirtual(ringBuffer, "getCursor", toLong).asType(objectToLong),
                lookup.findVirtual(ringBuffer, "getMinimumGatingSequence", toLong).asType(objectToLong)
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
