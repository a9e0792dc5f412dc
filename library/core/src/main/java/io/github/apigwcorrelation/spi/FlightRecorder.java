package io.github.apigwcorrelation.spi;

import io.github.apigwcorrelation.LogLevel;
import io.github.apigwcorrelation.internal.inject.Backends;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation's flight recorder: the lines at or below its level that the invocation's threads log are kept
 * here instead of being written, and written, in order, only if the invocation fails. Created by the core for each
 * invocation when {@code Correlation.Builder#flightRecorder} is on ({@link ContextEntries#recorder()}); the adapter
 * decides per line with {@link #records} and {@link #flushesOn}, hands its backend's own immutable copy of the line
 * to {@link #record}, and writes what {@link LoggingBackend#write} receives.
 *
 * <p>Bounded: past the byte limit the oldest lines go, and the flush starts with one line saying how many.
 * Thread-safe: propagated workers record into their invocation's recorder.
 *
 * @since 0.2.0
 */
public final class FlightRecorder {
    private final LoggingBackend.Level recordUpTo;
    private final LoggingBackend.Level flushFrom;
    private final long maxBytes;
    private final ArrayDeque<Object> lines = new ArrayDeque<>();
    private final ArrayDeque<Long> sizes = new ArrayDeque<>();
    private long bytes;
    private long dropped;

    /**
     * Created by the core, one per invocation.
     *
     * @param recordUpTo lines at this level or finer are recorded
     * @param flushFrom a line at this level or above flushes the recorder before it is written
     * @param maxBytes the most the recorded lines may take, by the adapter's estimate
     */
    public FlightRecorder(LogLevel recordUpTo, LogLevel flushFrom, long maxBytes) {
        this.recordUpTo = LoggingBackend.Level.valueOf(recordUpTo.name());
        this.flushFrom = LoggingBackend.Level.valueOf(flushFrom.name());
        this.maxBytes = maxBytes;
    }

    /**
     * @param level a line's level
     * @return whether a line at this level is recorded instead of written
     */
    public boolean records(LoggingBackend.Level level) {
        return level.compareTo(recordUpTo) <= 0;
    }

    /**
     * @param level a line's level
     * @return whether a line at this level flushes the recorder before it is written
     */
    public boolean flushesOn(LoggingBackend.Level level) {
        return level.compareTo(flushFrom) >= 0;
    }

    /**
     * Keeps one line.
     *
     * @param line the adapter's immutable copy of the line (time, thread, logger, context, message, exception)
     * @param estimatedBytes what the line takes in memory, roughly
     */
    public synchronized void record(Object line, long estimatedBytes) {
        if (estimatedBytes > maxBytes) {
            dropped++; // one line bigger than the whole recorder: it goes, not the story before it
            return;
        }
        lines.addLast(line);
        sizes.addLast(estimatedBytes);
        bytes += estimatedBytes;
        while (bytes > maxBytes && !lines.isEmpty()) {
            lines.removeFirst();
            bytes -= sizes.removeFirst();
            dropped++;
        }
    }

    /**
     * What an exception kept with a recorded line takes in memory, roughly: its messages and stack frames, and
     * those of its causes and suppressed exceptions, walked to a bounded depth (a cycle or a chain of thousands
     * counts as the bound, which is already more than any recorder holds).
     *
     * @param thrown the exception, or null
     * @return the estimate in bytes; 0 for null
     */
    public static long estimatedBytes(Throwable thrown) {
        return estimate(thrown, 0);
    }

    private static long estimate(Throwable thrown, int depth) {
        if (thrown == null) {
            return 0;
        }
        if (depth >= 32) {
            return 1L << 20; // deeper than any real chain: count it as large
        }
        long bytes = 200;
        try {
            String message = thrown.getMessage();
            bytes += message == null ? 0 : 2L * message.length();
        } catch (RuntimeException e) {
            bytes += 256;
        }
        StackTraceElement[] frames = thrown.getStackTrace();
        bytes += 120L * (frames == null ? 0 : frames.length);
        Throwable cause = thrown.getCause();
        if (cause != null && cause != thrown) {
            bytes += estimate(cause, depth + 1);
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            bytes += estimate(suppressed, depth + 1);
        }
        return bytes;
    }

    /** Writes what was recorded through the adapter, and starts over; never throws. */
    public void flush() {
        List<Object> recorded;
        long droppedLines;
        synchronized (this) {
            recorded = new ArrayList<>(lines);
            droppedLines = dropped;
            lines.clear();
            sizes.clear();
            bytes = 0;
            dropped = 0;
        }
        if (recorded.isEmpty() && droppedLines == 0) {
            return;
        }
        try {
            Backends.get().write(recorded, droppedLines);
        } catch (RuntimeException | LinkageError e) {
            // a failure to write the recorded lines must not replace the handler's own outcome
        }
    }

    /** Forgets what was recorded: the invocation succeeded. */
    public synchronized void discard() {
        lines.clear();
        sizes.clear();
        bytes = 0;
        dropped = 0;
    }

    /** @return how many lines are kept now */
    public synchronized int size() {
        return lines.size();
    }
}
