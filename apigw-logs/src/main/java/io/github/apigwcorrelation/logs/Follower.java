package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Reads several log groups and prints their events as one stream in {@link LogEvent#ORDER}.
 *
 * <p><b>A window</b> ({@link #printWindow}) is a k-way merge: CloudWatch returns each group's pages in
 * timestamp order, so once every group has answered, an event older than the newest event of every
 * group still being read can no longer be preceded by anything: it prints at once. The group that
 * holds the merge back is read next. A group that breaks the order (an emulator, a proxy) is said so
 * on stderr; its events are still printed, none lost.
 *
 * <p><b>Following</b> ({@link #poll}) keys everything on ingestion time, the server's clock that is on
 * every event, never on the newest timestamp seen (CloudWatch accepts timestamps 2 hours ahead):
 * <ul>
 *   <li>each poll asks every group for events stamped from {@code newest ingestion time seen - look-back}
 *       up to 2 hours ahead, so a future-stamped event prints when it arrives and freezes nothing;
 *       IDs are remembered while their timestamp is inside that range, so nothing prints twice;</li>
 *   <li>an event ingested more than {@code look-back - 10 s} after its timestamp (a late one) may be
 *       below that range by the time it is visible. A sweep re-reads older ranges on a doubling
 *       ladder, {@code [S - L*2^k, S - L*2^(k-1))} every {@code sweep*2^(k-1)}, down to 14 days (the
 *       oldest timestamp CloudWatch accepts), and prints the late events it finds that were ingested
 *       since following began: every late event is printed once, after about half its lateness at
 *       most. A sweep reads one group per poll. Late events are remembered until following ends (they are rare);</li>
 *   <li>new events print once every group has been polled after them (by the earlier of their
 *       timestamp and ingestion time), so a group polled a moment later still lands in order.</li>
 * </ul>
 */
final class Follower {
    static final long MAX_AHEAD = 2 * 3_600_000L + 60_000;   // CloudWatch accepts up to 2 h ahead
    static final long MAX_BEHIND = 14 * 86_400_000L;         // and up to 14 days back
    /** How long after ingestion FilterLogEvents is assumed to show an event. */
    static final long VISIBLE_WITHIN = 10_000;

    private final GroupReader reader;
    private final List<Source> sources;
    private final String pattern;
    private final Printer printer;
    private final LongSupplier clock;
    private final long lookBack;
    private final long hold;
    private final long sweepEvery;
    private final Map<String, Map<String, Long>> recent = new HashMap<>();   // group → event ID → timestamp
    private final Set<String> late = new HashSet<>();                      // keys of late events printed
    private final List<LogEvent> pending = new ArrayList<>();
    private final Map<String, Long> polledAt = new HashMap<>();
    private final Map<Integer, Long> sweptAt = new HashMap<>();
    private final Map<String, Long> activeAt = new HashMap<>();   // group → when it last returned a new event
    private int coldPerRound;   // 0: every group every round
    private long activeFor;
    private int nextCold;
    private int sweepNext = -1;   // the next group of the sweep under way, or -1
    private long sweepLo;
    private long sweepHi;
    private long start;
    private long followingSince;
    private long newestIngestion;
    private int lateSeen;
    private int lastLevel;
    private boolean disorderReported;

    /**
     * @param lookBack how far below the newest ingestion time each poll reads
     * @param hold extra wait before a new event prints, for groups whose ingestion lags
     * @param sweepEvery the late sweep's base period; 0 turns the sweep off
     */
    Follower(GroupReader reader, List<Source> sources, String pattern, Printer printer, LongSupplier clock,
             long lookBack, long hold, long sweepEvery) {
        this.reader = reader;
        this.sources = sources;
        this.pattern = pattern;
        this.printer = printer;
        this.clock = clock;
        this.lookBack = lookBack;
        this.hold = hold;
        this.sweepEvery = sweepEvery;
    }

    /** One group's read of a window: its pages so far. */
    private static final class Cursor {
        final Source source;
        String token;
        boolean started;
        boolean done;
        LogEvent last;

        Cursor(Source source) {
            this.source = source;
        }
    }

    /** Prints every event of every group with {@code start <= timestamp <= end}, merged, as soon as it is safe. */
    void printWindow(long from, long end) throws InterruptedException {
        List<Cursor> cursors = new ArrayList<>();
        sources.forEach(s -> cursors.add(new Cursor(s)));
        PriorityQueue<LogEvent> merged = new PriorityQueue<>(LogEvent.ORDER);
        while (true) {
            Cursor next = null;
            for (Cursor c : cursors) {
                if (c.done) {
                    continue;
                }
                // First every group once, then the one holding the merge back.
                if (!c.started) {
                    next = c;
                    break;
                }
                if (next == null || LogEvent.ORDER.compare(c.last, next.last) < 0) {
                    next = c;
                }
            }
            if (next == null) {
                break;
            }
            GroupReader.Page page = reader.page(next.source, from, end, pattern, null, next.token);
            next.started = true;
            for (LogEvent e : page.events()) {
                if (next.last != null && LogEvent.ORDER.compare(e, next.last) < 0 && !disorderReported) {
                    disorderReported = true;
                    printer.warn("apigw-logs: " + next.source.group() + " returned events out of time order; "
                            + "the merged order may be off around " + Printer.iso(e.timestamp()));
                }
                if (next.last == null || LogEvent.ORDER.compare(e, next.last) > 0) {
                    next.last = e;
                }
                merged.add(e);
            }
            next.token = page.next();
            next.done = next.token == null;
            if (next.last == null && !next.done) {
                continue;   // an empty page with a token says nothing about where the group is
            }
            LogEvent floor = null;
            for (Cursor c : cursors) {
                if (!c.done && (!c.started || c.last == null)) {
                    floor = null;
                    break;
                }
                if (!c.done && (floor == null || LogEvent.ORDER.compare(c.last, floor) < 0)) {
                    floor = c.last;
                }
            }
            boolean allStarted = cursors.stream().allMatch(c -> c.started);
            if (!allStarted) {
                continue;
            }
            boolean allDone = cursors.stream().allMatch(c -> c.done);
            // Equal timestamps can still come from a group that has not passed them: wait for those.
            while (!merged.isEmpty() && (allDone || (floor != null && merged.peek().timestamp() < floor.timestamp()))) {
                printer.event(merged.poll());
            }
        }
        while (!merged.isEmpty()) {
            printer.event(merged.poll());
        }
    }

    /**
     * Polls the groups that returned a new event in the last {@code activeFor} ms every round, and only
     * {@code coldPerRound} of the others, in turn (every group is read in the first round). Under CloudWatch's 5 FilterLogEvents calls per
     * second, a round over 12 groups takes 3 s; most of an API's groups are quiet at any moment (the
     * functions nobody calls), so a round over the active ones brings their lines sooner. The order
     * holds among active groups; a quiet group's first new line is found within one turn of the quiet
     * groups and printed then, possibly after lines stamped later. Nothing is lost: each group is read
     * from {@code its last poll - look-back} at least.
     */
    void pollActiveFirst(int coldPerRound, long activeFor) {
        this.coldPerRound = coldPerRound;
        this.activeFor = activeFor;
    }

    /** Sets the start of following; the first {@link #poll} prints everything stamped since then. */
    void startAt(long from) {
        this.start = from;
        this.followingSince = clock.getAsLong();
        // Nothing can be late before following begins: each level's first sweep comes one period in.
        for (int k = 1; k < 40; k++) {
            sweptAt.put(k, followingSince);
        }
    }

    /** The lower end of the next poll's range. */
    long floor() {
        return newestIngestion == 0 ? start : Math.max(start, newestIngestion - lookBack);
    }

    /** The groups of the next round: every one, or the active ones and the quiet ones' turn. */
    private List<Source> round() {
        if (coldPerRound <= 0) {
            return sources;
        }
        long now = clock.getAsLong();
        List<Source> due = new ArrayList<>();
        List<Source> cold = new ArrayList<>();
        for (Source s : sources) {
            // A group never polled is read in the first round, so what is already there prints in order.
            (active(s, now) || !polledAt.containsKey(s.group()) ? due : cold).add(s);
        }
        for (int i = 0; i < Math.min(coldPerRound, cold.size()); i++) {
            due.add(cold.get(nextCold++ % cold.size()));
        }
        return due;
    }

    private boolean active(Source s, long now) {
        return coldPerRound <= 0 || now - activeAt.getOrDefault(s.group(), Long.MIN_VALUE / 2) < activeFor;
    }

    /** Where a group's next read starts: the shared floor, or earlier when the group was not polled for a while. */
    private long from(Source s) {
        Long last = polledAt.get(s.group());
        return last == null ? floor() : Math.max(start, Math.min(floor(), last - lookBack));
    }

    /** One round over the groups (and a due late sweep, if any); returns how many events it printed. */
    int poll() throws InterruptedException {
        int printed = 0;
        for (Source s : round()) {
            long from = from(s);
            long polled = clock.getAsLong();
            List<LogEvent> events = reader.read(s, from, polled + MAX_AHEAD, pattern, null);
            Map<String, Long> ids = recent.computeIfAbsent(s.group(), k -> new HashMap<>());
            for (LogEvent e : events) {
                newestIngestion = Math.max(newestIngestion, e.ingestionTime());
                if (isLate(e) ? late.add(e.key()) && ids.putIfAbsent(e.eventId(), e.timestamp()) == null
                        : ids.putIfAbsent(e.eventId(), e.timestamp()) == null) {
                    pending.add(e);
                    activeAt.put(s.group(), polled);
                }
            }
            polledAt.put(s.group(), polled);
            long next = from(s);
            // The next query starts at `next`: older IDs cannot come back from it (the sweep uses `late`).
            ids.values().removeIf(ts -> ts < next);
            printed += release();
        }
        return printed + sweep();
    }

    /** Late: ingested so long after its timestamp that a poll may have passed its timestamp already. */
    private boolean isLate(LogEvent e) {
        return e.ingestionTime() - e.timestamp() > lookBack - VISIBLE_WITHIN;
    }

    /** Prints pending events that every group has been polled after, in order. */
    private int release() {
        long everyone = Long.MAX_VALUE;
        long now = clock.getAsLong();
        for (Source s : sources) {
            if (active(s, now)) {   // a quiet group is not waited for (pollActiveFirst)
                everyone = Math.min(everyone, polledAt.getOrDefault(s.group(), Long.MIN_VALUE));
            }
        }
        long watermark = everyone == Long.MIN_VALUE ? Long.MIN_VALUE : everyone - hold;
        pending.sort(LogEvent.ORDER);
        int n = 0;
        for (var it = pending.iterator(); it.hasNext(); ) {
            LogEvent e = it.next();
            long seen = e.ingestionTime() == 0 ? e.timestamp() : Math.min(e.timestamp(), e.ingestionTime());
            if (seen > watermark) {
                continue;   // a later event may still be ready; the order holds for those before
            }
            printer.event(e);
            it.remove();
            n++;
        }
        return n;
    }

    /**
     * Runs the late sweep: a due level's range is read one group per poll, so a sweep over many groups
     * never stops following for a whole round of calls (12 groups at 4 calls/s would be 3 s); late lines
     * wait a few polls more, which is nothing next to their lateness. Returns how many late events it printed.
     */
    private int sweep() throws InterruptedException {
        if (sweepEvery <= 0) {
            return 0;
        }
        if (sweepNext < 0 && !startSweep()) {
            return 0;
        }
        Source s = sources.get(sweepNext++);
        if (sweepNext >= sources.size()) {
            sweepNext = -1;
        }
        List<LogEvent> found = new ArrayList<>();
        for (LogEvent e : reader.read(s, sweepLo, sweepHi, pattern, null)) {
            if (e.ingestionTime() >= followingSince - lookBack && isLate(e) && late.add(e.key())) {
                found.add(e);
            }
        }
        found.sort(LogEvent.ORDER);
        found.forEach(printer::event);
        lateSeen += found.size();
        return found.size();
    }

    /** Picks the level whose turn came first, if one is due, and sets its range; false when none is due. */
    private boolean startSweep() {
        long now = clock.getAsLong();
        long floor = floor();
        long oldest = followingSince - MAX_BEHIND;
        // The level whose turn came first: the lowest level, always due, cannot starve the others.
        int k = 0;
        long firstDue = Long.MAX_VALUE;
        for (int level = 1; floor - lookBack * (1L << (level - 1)) > oldest && level < 40; level++) {
            long due = sweptAt.get(level) + sweepEvery * (1L << (level - 1));
            if (due <= now && due < firstDue) {
                firstDue = due;
                k = level;
            }
        }
        if (k == 0) {
            return false;
        }
        sweptAt.put(k, now);
        lastLevel = k;
        sweepHi = Math.min(floor, floor - lookBack * (1L << (k - 1)) + lookBack);   // levels overlap by one look-back
        sweepLo = Math.max(oldest, floor - lookBack * (1L << k));
        sweepNext = 0;
        return true;
    }

    /** How many event IDs are remembered for de-duplication (recent ones, and late ones printed). */
    int remembered() {
        return recent.values().stream().mapToInt(Map::size).sum() + late.size();
    }

    /** The ladder level the last sweep read (for tests). */
    int lastSweptLevel() {
        return lastLevel;
    }

    /** How many late events the sweep found. */
    int lateFound() {
        return lateSeen;
    }
}
