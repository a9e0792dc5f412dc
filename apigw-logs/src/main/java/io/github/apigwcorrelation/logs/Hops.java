package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's story past the first function: each invocation whose lines carry the request's API Gateway
 * ID as {@code OriginRequestId} (an SQS or SNS consumer, an EventBridge target, a function invoked or called
 * over HTTP down the chain) is one hop, with
 * <ul>
 *   <li>the lines that belong to this request: Lambda's platform lines, the library's batch line, and the
 *       lines carrying this origin. A batch may hold records of other requests: their lines are left out
 *       (and counted), and so are lines without any ID, which cannot be told apart, unless every record of
 *       the invocation is this request's;</li>
 *   <li>the records it received ({@code Record: Message ID: ...}, the library's line), numbered by attempt:
 *       the same message ID received again is a retry, and {@code Record failed: ...} marks the attempt that
 *       threw;</li>
 *   <li>the time between send and receive: from the {@code Sent} time in the record line (SQS
 *       {@code SentTimestamp}, SNS {@code Timestamp}: the service's clock) to the record line's timestamp;
 *       without it (EventBridge, an invoke, an HTTP call) from the chain's last earlier line to the hop's
 *       {@code START}, an estimate marked {@code ~}.</li>
 * </ul>
 * The origin is client-controlled in the end (whoever may send to the queue can set the attribute), so a
 * message sent before the request began is flagged: it only claims this origin.
 */
final class Hops {
    /**
     * What {@code request} searches for hops.
     *
     * @param downstream finds the functions to search (called only once the request is found)
     * @param followFor how long after the request's last line a hop may run ({@code --follow-for})
     * @param clock now, in epoch ms
     * @param err where the line saying what was searched goes
     */
    record Plan(java.util.function.Supplier<Downstream.Found> downstream, long followFor,
                java.util.function.LongSupplier clock, java.io.PrintStream err) {
    }

    /** How much earlier than the request's first line a send may be before it is flagged (clocks differ a little). */
    static final long CLOCK_TOLERANCE_MS = 1_000;

    /**
     * One record of this request a hop received.
     *
     * @param line the library's {@code Record:} line (or {@code Record failed:} when it wrote no other)
     * @param messageId the message's ID
     * @param sentAt when the service accepted it, epoch ms, or {@code null}
     * @param attempt 1 for the first time this message ID was seen in the chain, 2 for the first retry, ...
     * @param failed whether this attempt's handler threw
     */
    record Received(LogEvent line, String messageId, Long sentAt, int attempt, boolean failed) {
        /** From send to receive, in ms, or {@code null} without a {@code Sent} time. */
        Long waitMs() {
            return sentAt == null ? null : line.timestamp() - sentAt;
        }
    }

    /** One invocation down the chain. */
    static final class Hop {
        /** 1 for the earliest received, in the order of {@link #receivedAt}. */
        int number;
        final Stories.Invocation invocation;
        final List<LogEvent> lines = new ArrayList<>();
        final List<Received> records = new ArrayList<>();
        /** Lines of other requests' records in the same invocation (a batch), left out. */
        int leftOut;
        /** Lines without IDs in an invocation that also worked for other requests: anyone's, left out. */
        int leftOutIdless;
        /** The record line's time, else the invocation's START, else its first line of this request. */
        long receivedAt;
        /** From send (or the chain's last earlier line) to {@link #receivedAt}, or {@code null} when unknown. */
        Long waitMs;
        /** {@code sent} (the record's Sent time) or {@code previous line} (an estimate). */
        String waitFrom;
        boolean sentBeforeRequest;

        Hop(Stories.Invocation invocation) {
            this.invocation = invocation;
        }

        Double durationMs() {
            return invocation.report == null ? null : Waterfall.ms(invocation.report.durationMs());
        }

        Double initMs() {
            return invocation.report == null ? null : Waterfall.ms(invocation.report.initDurationMs());
        }
    }

    /** The first line of the request: the origin of every figure. */
    final long t0;
    final List<Hop> hops = new ArrayList<>();
    private final Stories.Story story;

    private Hops(Stories.Story story, long t0) {
        this.story = story;
        this.t0 = t0;
    }

    /** The hops of a story (none when {@link Stories#attachHops} found none). */
    static Hops of(Stories.Story s) {
        Hops h = new Hops(s, firstLine(s));
        for (Stories.Invocation inv : s.hops) {
            h.hops.add(hop(inv, s.apiGatewayIds, h.t0));
        }
        h.hops.sort(java.util.Comparator.comparingLong((Hop x) -> x.receivedAt));
        Map<String, Integer> attempts = new HashMap<>();
        List<Hop> earlier = new ArrayList<>();
        for (Hop x : h.hops) {
            x.number = earlier.size() + 1;
            x.records.replaceAll(r -> new Received(r.line(), r.messageId(), r.sentAt(),
                    attempts.merge(r.messageId(), 1, Integer::sum), r.failed()));
            if (x.waitMs == null) {
                Long previous = h.lastLineBefore(x.receivedAt, earlier);
                if (previous != null) {
                    x.waitMs = x.receivedAt - previous;
                    x.waitFrom = "previous line";
                }
            }
            earlier.add(x);
        }
        return h;
    }

    /** One invocation as a hop of the request whose IDs are {@code ids}: its lines, records and send time. */
    private static Hop hop(Stories.Invocation inv, Set<String> ids, long t0) {
        Hop hop = new Hop(inv);
        boolean mixed = inv.origins.stream().anyMatch(o -> !ids.contains(o));
        Map<String, Received> byMessage = new LinkedHashMap<>();
        Long firstOwn = null;
        for (LogEvent e : inv.lines) {
            Line l = e.line();
            boolean believed = inv.believed.contains(e);
            String origin = believed ? l.originRequestId() : null;
            boolean platform = l.kind() != Line.Kind.APP;
            boolean batch = believed && l.record() != null && l.record().what() == Line.RecordLine.What.BATCH;
            boolean own = origin != null && ids.contains(origin);
            if (!(platform || batch || own || (origin == null && !mixed))) {
                if (origin == null) {
                    hop.leftOutIdless++;
                } else {
                    hop.leftOut++;
                }
                continue;
            }
            hop.lines.add(e);
            if (own && firstOwn == null) {
                firstOwn = e.timestamp();
            }
            if (own && l.record() != null && l.record().what() != Line.RecordLine.What.BATCH) {
                record(byMessage, e, l.record());
            }
        }
        hop.records.addAll(byMessage.values());
        Received first = hop.records.isEmpty() ? null : hop.records.get(0);
        hop.receivedAt = first != null ? first.line().timestamp()
                : inv.startEvent != null ? inv.startEvent.timestamp() : firstOwn != null ? firstOwn : inv.lines.get(0).timestamp();
        if (first != null && first.sentAt() != null) {
            hop.waitMs = first.waitMs();
            hop.waitFrom = "sent";
            hop.sentBeforeRequest = first.sentAt() < t0 - CLOCK_TOLERANCE_MS;
        }
        return hop;
    }

    /** Adds a {@code Record:} line, or marks the message's attempt failed on {@code Record failed:}. */
    private static void record(Map<String, Received> byMessage, LogEvent e, Line.RecordLine r) {
        Received seen = byMessage.get(r.messageId());
        if (r.what() == Line.RecordLine.What.FAILED) {
            byMessage.put(r.messageId(), seen == null ? new Received(e, r.messageId(), null, 1, true)
                    : new Received(seen.line(), seen.messageId(), seen.sentAt(), 1, true));
        } else if (seen == null) {
            byMessage.put(r.messageId(), new Received(e, r.messageId(), r.sentAt(), 1, false));
        }
    }

    /** The request's earliest line: API Gateway's first, its {@code requestTimeEpoch}, or the first function's. */
    private static long firstLine(Stories.Story s) {
        long t = Long.MAX_VALUE;
        for (LogEvent e : s.execution) {
            t = Math.min(t, e.timestamp());
        }
        Double requestTime = s.requestTimeEpoch == null || s.requestTimeEpoch.length() > 15 ? null : parse(s.requestTimeEpoch);
        if (requestTime != null) {
            t = Math.min(t, requestTime.longValue());
        }
        for (Stories.Invocation inv : s.invocations) {
            t = Math.min(t, inv.lines.get(0).timestamp());
        }
        if (t == Long.MAX_VALUE) {
            for (LogEvent e : s.access) {
                t = Math.min(t, e.timestamp());
            }
        }
        return t == Long.MAX_VALUE ? 0 : t;
    }

    private static Double parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The chain's latest line before {@code at}: API Gateway's, the first function's, an earlier hop's. */
    private Long lastLineBefore(long at, List<Hop> earlier) {
        long best = Long.MIN_VALUE;
        List<LogEvent> candidates = new ArrayList<>(story.execution);
        story.invocations.forEach(i -> candidates.addAll(i.lines));
        earlier.forEach(x -> candidates.addAll(x.lines));
        for (LogEvent e : candidates) {
            if (e.timestamp() < at) {
                best = Math.max(best, e.timestamp());
            }
        }
        return best == Long.MIN_VALUE ? null : best;
    }

    /** The end of the chain: the last hop's REPORT (or last line). */
    private long end() {
        long end = t0;
        for (Hop x : hops) {
            for (LogEvent e : x.lines) {
                end = Math.max(end, e.timestamp());
            }
        }
        return end;
    }

    /** What the hop's time between send and receive says, for people. */
    static String wait(Hop x) {
        if (x.waitMs == null) {
            return "time from send unknown (no Sent time, no earlier line of the chain)";
        }
        String figure = Waterfall.fmt(x.waitMs) + " ms";
        return x.waitFrom.equals("sent") ? figure + " after it was sent"
                : "~" + figure + " after the chain's previous line (no Sent time)";
    }

    /** Prints each hop as a section of the story: heading, its records, its lines, what was left out. */
    void print(Printer p) {
        for (Hop x : hops) {
            Stories.Invocation inv = x.invocation;
            LogEvent first = inv.lines.get(0);
            p.heading("  hop " + x.number + " · Lambda " + inv.source + " · " + inv.lambdaId + " · " + first.group()
                    + " · " + first.stream());
            for (Received r : x.records) {
                p.heading("    message " + r.messageId() + (r.attempt() > 1 ? " (attempt " + r.attempt() + ": a retry)" : "")
                        + (r.sentAt() == null ? ": received " + Printer.iso(r.line().timestamp())
                        : ": sent " + Printer.iso(r.sentAt()) + ", received " + Printer.iso(r.line().timestamp()) + ", "
                        + Waterfall.fmt(r.waitMs()) + " ms later")
                        + (r.failed() ? "; its handler failed" : "")
                        + (r.sentAt() != null && r.sentAt() < t0 - CLOCK_TOLERANCE_MS
                        ? "; sent before the request began: it only claims this origin" : ""));
            }
            if (x.records.isEmpty()) {
                p.heading("    received " + Printer.iso(x.receivedAt) + ", " + wait(x));
            }
            x.lines.forEach(e -> p.hopEvent(e, x.number));
            if (x.leftOut + x.leftOutIdless > 0) {
                p.heading("    (left out: " + (x.leftOut > 0 ? lines(x.leftOut) + " of other requests' records" : "")
                        + (x.leftOut > 0 && x.leftOutIdless > 0 ? ", " : "")
                        + (x.leftOutIdless > 0 ? lines(x.leftOutIdless) + " without IDs, which any record of the batch may have written" : "")
                        + ")");
            }
        }
    }

    private static String lines(int n) {
        return n + " line" + (n == 1 ? "" : "s");
    }

    /** One line naming every hop: function, time from send, failures and retries. */
    String summary() {
        StringBuilder b = new StringBuilder("hops: ").append(hops.size());
        for (Hop x : hops) {
            b.append(" · ").append(x.number).append(' ').append(x.invocation.source).append(' ').append(x.invocation.lambdaId)
                    .append(", ").append(wait(x));
            Double d = x.durationMs();
            if (d != null) {
                b.append(", ").append(Waterfall.fmt(d)).append(" ms").append(x.initMs() != null ? " cold" : "");
            }
            boolean retry = x.records.stream().anyMatch(r -> r.attempt() > 1);
            boolean failed = x.records.stream().anyMatch(Received::failed);
            b.append(retry ? ", a retry" : "").append(failed ? ", failed" : "")
                    .append(x.sentBeforeRequest ? ", sent before the request began" : "");
        }
        return b.toString();
    }

    /**
     * The chain on one time scale from the request's first line: the request itself, then per hop the
     * time from send to receive (or from the chain's previous line, {@code ~}), init on a cold start and
     * the invocation ({@code REPORT}'s Duration: the whole batch's).
     *
     * @param requestMs how long the request took (the request waterfall's total), or {@code null}
     */
    Waterfall waterfall(Double requestMs) {
        List<Waterfall.Segment> segments = new ArrayList<>();
        double request = requestMs != null ? requestMs : requestEnd() - t0;
        segments.add(new Waterfall.Segment("request", "request (to the response)", 0.0, request, null));
        for (Hop x : hops) {
            String name = "hop " + x.number + " " + bound(x.invocation.source);
            Double waitAt = x.waitMs == null ? null : (double) (x.receivedAt - x.waitMs - t0);
            boolean placeable = waitAt != null && waitAt >= 0;
            String waitLabel = name + (x.waitFrom == null || x.waitFrom.equals("sent") ? " waited" : " ~waited");
            segments.add(new Waterfall.Segment("hop" + x.number + "Wait", waitLabel, placeable ? waitAt : null,
                    x.waitMs == null || x.waitMs < 0 ? null : (double) x.waitMs,
                    x.waitMs == null ? "no Sent time and no earlier line" : x.waitMs < 0 ? "Sent is after the receive: clocks disagree"
                    : placeable ? null : "sent before the request began"));
            Double init = x.initMs();
            Double start = x.invocation.startEvent == null ? null : (double) (x.invocation.startEvent.timestamp() - t0);
            if (init != null) {
                segments.add(new Waterfall.Segment("hop" + x.number + "Init", name + " init",
                        start == null || start - init < 0 ? null : start - init, init, null));
            }
            Double d = x.durationMs();
            segments.add(new Waterfall.Segment("hop" + x.number + "Function", name + (failed(x) ? " failed" : " ran"),
                    d == null || start == null || start < 0 ? null : start, d, d == null ? "no REPORT seen" : null));
        }
        long end = Math.max(end(), (long) (t0 + request));
        return Waterfall.of("chain: " + Waterfall.fmt(end - t0) + " ms from the request's first line to its last hop's end, "
                + hops.size() + " hop" + (hops.size() == 1 ? "" : "s"), (double) (end - t0), segments);
    }

    private static boolean failed(Hop x) {
        return x.records.stream().anyMatch(Received::failed);
    }

    /** A function name cut to fit the waterfall's label column with the words around it. */
    private static String bound(String label) {
        String s = Escape.text(label);
        return s.length() > 20 ? s.substring(0, 19) + "…" : s;
    }

    private long requestEnd() {
        long end = t0;
        for (LogEvent e : story.execution) {
            end = Math.max(end, e.timestamp());
        }
        for (Stories.Invocation inv : story.invocations) {
            for (LogEvent e : inv.lines) {
                end = Math.max(end, e.timestamp());
            }
        }
        return end;
    }

    /** The hops for {@code --output json}: one object each, figures in ms, times as ISO-8601. */
    List<Map<String, Object>> json() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Hop x : hops) {
            Stories.Invocation inv = x.invocation;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("hop", x.number);
            f.put("function", inv.source);
            f.put("lambdaRequestId", inv.lambdaId);
            f.put("logGroup", inv.lines.get(0).group());
            f.put("logStream", inv.lines.get(0).stream());
            f.put("receivedAt", Printer.iso(x.receivedAt));
            f.put("receivedAtMs", x.receivedAt - t0);
            f.put("waitMs", x.waitMs);
            f.put("waitFrom", x.waitFrom);
            f.put("durationMs", x.durationMs());
            f.put("initDurationMs", x.initMs());
            f.put("coldStart", inv.report == null ? null : inv.report.initDurationMs() != null);
            List<Map<String, Object>> records = new ArrayList<>();
            for (Received r : x.records) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("messageId", r.messageId());
                m.put("attempt", r.attempt());
                m.put("failed", r.failed());
                m.put("sentAt", r.sentAt() == null ? null : Printer.iso(r.sentAt()));
                m.put("receivedAt", Printer.iso(r.line().timestamp()));
                m.put("waitMs", r.waitMs());
                records.add(m);
            }
            f.put("records", records);
            f.put("otherRequestsLinesLeftOut", x.leftOut);
            f.put("idlessLinesLeftOut", x.leftOutIdless);
            f.put("sentBeforeRequest", x.sentBeforeRequest);
            out.add(f);
        }
        return out;
    }
}
