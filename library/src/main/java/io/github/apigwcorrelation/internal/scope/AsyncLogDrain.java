package io.github.apigwcorrelation.internal.scope;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;

/**
 * Waits, when the last invocation in flight ends, until Log4j2's async loggers have written every event already
 * logged. Lambda may freeze the process as soon as the handler returns, and a line still in the ring buffer would
 * then be printed late (during a later invocation) or never. While another invocation is in flight the process
 * cannot be frozen, so only the last one to end waits, and it waits for the whole ring buffer.
 *
 * <p>Covers async loggers ({@code AsyncLoggerContextSelector}) and {@code <AsyncLogger>}/{@code <AsyncRoot>}: a
 * ring buffer slot is released only after its event has been handed to the appenders, so an empty ring buffer
 * means every line is written. An {@code AsyncAppender} exposes no such signal and is not covered.
 *
 * <p>An invocation scope that is never closed (a bug in the caller) keeps the count above zero, and the wait
 * then never happens again in that JVM; the base classes and {@code wrap} always close theirs.
 *
 * <p>Cost: without the LMAX Disruptor on the class path (no async loggers possible) one atomic increment and
 * decrement per invocation; with it, a look at the configuration (cached per configuration) and, when async
 * loggers are configured, polling the ring buffer every 50 microseconds until it is empty, or has made no
 * progress for {@link #STALL_MILLIS}.
 * Nothing here ever throws into the handler.
 */
final class AsyncLogDrain {
    /** How long the ring buffer may make no progress before the wait is given up: a stuck appender costs this. */
    static final long STALL_MILLIS = 1_000;
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final boolean DISRUPTOR_PRESENT = present("com.lmax.disruptor.RingBuffer");
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    /** The last configuration looked at, and whether it has async logger configs; replaced on reconfiguration. */
    private static volatile Object[] lastConfiguration = {null, Boolean.FALSE};

    private AsyncLogDrain() {}

    static void invocationStarted() {
        IN_FLIGHT.incrementAndGet();
    }

    /** @param logger the library's logger, whose logger context is the one to drain */
    static void invocationEnded(Logger logger) {
        if (IN_FLIGHT.decrementAndGet() == 0 && DISRUPTOR_PRESENT) {
            try {
                awaitWritten(logger);
            } catch (RuntimeException | LinkageError e) {
                // Best effort: a Log4j2 without these internals, or one being reconfigured, is no reason to fail.
            }
        }
    }

    private static void awaitWritten(Logger logger) {
        if (!(logger instanceof org.apache.logging.log4j.core.Logger)) {
            return;
        }
        LoggerContext context = ((org.apache.logging.log4j.core.Logger) logger).getContext();
        RingBufferAdmin loggers = context instanceof AsyncLoggerContext
                ? ((AsyncLoggerContext) context).createRingBufferAdmin() : null;
        Configuration config = context.getConfiguration();
        RingBufferAdmin loggerConfigs = hasAsyncLoggerConfig(config)
                ? config.getAsyncLoggerConfigDelegate().createRingBufferAdmin(context.getName(), "") : null;
        if (loggers == null && loggerConfigs == null) {
            return;
        }
        // A backlog is waited out however long it takes (synchronous logging would have taken that long too);
        // only a ring buffer that makes no progress for STALL_MILLIS is given up on.
        long stall = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
        long deadline = System.nanoTime() + stall;
        long lastQueued = queued(loggers) + queued(loggerConfigs);
        while (lastQueued > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            long queued = queued(loggers) + queued(loggerConfigs);
            if (queued < lastQueued) {
                deadline = System.nanoTime() + stall;
            }
            lastQueued = queued;
        }
    }

    private static long queued(RingBufferAdmin ringBuffer) {
        return ringBuffer == null ? 0 : ringBuffer.getBufferSize() - ringBuffer.getRemainingCapacity();
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

    private static boolean present(String className) {
        try {
            Class.forName(className, false, AsyncLogDrain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
