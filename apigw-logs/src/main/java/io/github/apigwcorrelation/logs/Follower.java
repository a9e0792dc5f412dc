package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Reads several log groups and prints their events as one stream in {@link LogEvent#ORDER}.
 *
 * <p>One-shot ({@link #printWindow}): every group is read to the end of its pages, then the events are
 * merged. Following ({@link #poll}): each group keeps its own start time, which only moves forward, to
 * the newest timestamp it has returned minus a look-back that catches events CloudWatch ingests late;
 * event IDs seen within the look-back are remembered so no event prints twice. Events newer than
 * {@code now - holdBack} wait for the next poll, so a group that answers a little behind the others
 * still lands in order. Reading the whole group (not a list of streams) picks up new streams.
 */
final class Follower {
    private final GroupReader reader;
    private final List<Source> sources;
    private final String pattern;
    private final Printer printer;
    private final LongSupplier clock;
    private final long lookBack;
    private final long holdBack;
    private final Map<String, Long> cursor = new HashMap<>();
    private final Map<String, Map<String, Long>> seen = new HashMap<>();
    private final List<LogEvent> pending = new ArrayList<>();
    private long start;

    Follower(GroupReader reader, List<Source> sources, String pattern, Printer printer, LongSupplier clock,
             long lookBack, long holdBack) {
        this.reader = reader;
        this.sources = sources;
        this.pattern = pattern;
        this.printer = printer;
        this.clock = clock;
        this.lookBack = lookBack;
        this.holdBack = holdBack;
    }

    /** Prints every event of every group with {@code start <= timestamp <= end}, merged. */
    void printWindow(long from, long end) throws InterruptedException {
        List<LogEvent> all = new ArrayList<>();
        for (List<LogEvent> events : readAll(s -> from, end)) {
            all.addAll(events);
        }
        all.sort(LogEvent.ORDER);
        all.forEach(printer::event);
    }

    /** Sets the start of following; the first {@link #poll} prints everything since then. */
    void startAt(long from) {
        this.start = from;
        for (Source s : sources) {
            cursor.put(s.group(), from);
        }
    }

    /** One round over every group; returns how many events it printed. */
    int poll() throws InterruptedException {
        List<List<LogEvent>> results = readAll(s -> Math.max(start, cursor.get(s.group()) - lookBack), null);
        for (int i = 0; i < sources.size(); i++) {
            String group = sources.get(i).group();
            Map<String, Long> ids = seen.computeIfAbsent(group, k -> new HashMap<>());
            long newest = cursor.get(group);
            for (LogEvent e : results.get(i)) {
                newest = Math.max(newest, e.timestamp());
                if (ids.putIfAbsent(e.eventId(), e.timestamp()) == null) {
                    pending.add(e);
                }
            }
            cursor.put(group, newest);
            // The next query starts at newest - lookBack: older IDs cannot come back.
            long floor = Math.max(start, newest - lookBack);
            ids.values().removeIf(ts -> ts < floor);
        }
        pending.sort(LogEvent.ORDER);
        long watermark = clock.getAsLong() - holdBack;
        int printed = 0;
        for (Iterator<LogEvent> it = pending.iterator(); it.hasNext(); ) {
            LogEvent e = it.next();
            if (e.timestamp() > watermark) {
                break;
            }
            printer.event(e);
            it.remove();
            printed++;
        }
        return printed;
    }

    /** Group start times, for tests and {@code --stats}. */
    Map<String, Long> cursors() {
        return Map.copyOf(cursor);
    }

    /** How many event IDs are remembered for de-duplication. */
    int remembered() {
        return seen.values().stream().mapToInt(Map::size).sum();
    }

    private interface StartOf {
        long of(Source s);
    }

    /** Reads every source, up to four at a time (the pacer keeps the rate), results in source order. */
    private List<List<LogEvent>> readAll(StartOf startOf, Long end) throws InterruptedException {
        List<List<LogEvent>> out = new ArrayList<>();
        if (sources.size() == 1) {
            Source s = sources.get(0);
            out.add(reader.read(s, startOf.of(s), end, pattern, null));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, sources.size()));
        try {
            List<Future<List<LogEvent>>> futures = new ArrayList<>();
            for (Source s : sources) {
                long from = startOf.of(s);
                futures.add(pool.submit(() -> reader.read(s, from, end, pattern, null)));
            }
            for (Future<List<LogEvent>> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException) {
                        throw (RuntimeException) e.getCause();
                    }
                    if (e.getCause() instanceof InterruptedException) {
                        throw (InterruptedException) e.getCause();
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
