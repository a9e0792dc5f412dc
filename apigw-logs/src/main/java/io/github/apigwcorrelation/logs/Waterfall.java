package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where one request's time went, from the first API Gateway execution line to the response: the
 * gateway's work before the integration, Lambda's init (a cold start), the function's own duration,
 * what the Lambda service added around them, and the gateway's work after. Figures come from the logs
 * themselves:
 * <ul>
 *   <li>the execution log's timestamps: its first line, {@code Sending request to ...} (the integration
 *       starts), {@code Received response. ... Integration latency: N ms}, {@code Method completed};</li>
 *   <li>the access log's {@code responseLatency} and {@code integrationLatency} (the figures API Gateway
 *       itself reports; they win over timestamp differences);</li>
 *   <li>the function's {@code REPORT}: {@code Duration} and, on a cold start, {@code Init Duration}.</li>
 * </ul>
 * A figure the logs do not hold is {@code unknown}, with what would give it: an HTTP API has no
 * execution log, so the gateway's time before and after the integration is known only together.
 * A segment whose length is known but not its start is drawn as a length alone ({@code ░}).
 * Values from the logs are bounded (0 to 15 minutes, Lambda's longest run) before use: a line can hold
 * anything, and a figure outside that range is treated as unknown.
 */
final class Waterfall {
    private static final Pattern SENDING = Pattern.compile("^\\([^)]*\\) (?:Sending request to |Endpoint request URI: )");
    private static final Pattern RECEIVED = Pattern.compile("^\\([^)]*\\) Received response\\.");
    private static final Pattern COMPLETED = Pattern.compile("^\\([^)]*\\) Method completed with status: ");
    private static final double MAX_MS = 15 * 60_000;
    static final int BAR = 40;
    private static final int LABEL = 34;

    /**
     * One bar.
     *
     * @param key the JSON field name prefix
     * @param label what it is, for people
     * @param at where it starts, ms after the first gateway line, or {@code null} when unknown
     * @param ms how long it took, or {@code null} when unknown
     * @param why what is missing, when a figure is unknown
     */
    record Segment(String key, String label, Double at, Double ms, String why) {
    }

    final List<Segment> segments = new ArrayList<>();
    Double totalMs;
    String totalFrom;
    Boolean coldStart;
    /** The first line of {@link #lines()} when it is not the request's own ({@link Hops}' chain). */
    private String heading;

    private Waterfall() {
    }

    /**
     * Bars on one time scale under a heading of the caller's: {@link Hops} draws a request's chain with it.
     *
     * @param totalMs the scale's length, or {@code null} for the end of the last bar
     */
    static Waterfall of(String heading, Double totalMs, List<Segment> segments) {
        Waterfall w = new Waterfall();
        w.heading = heading;
        w.totalMs = totalMs;
        w.segments.addAll(segments);
        return w;
    }

    /** The waterfall of one story. */
    static Waterfall of(Stories.Story s) {
        Waterfall w = new Waterfall();
        Long first = null;
        Long sending = null;
        Long received = null;
        Long completed = null;
        for (LogEvent e : s.execution) {
            String m = e.message().strip();
            first = first == null ? e.timestamp() : Math.min(first, e.timestamp());
            if (sending == null && SENDING.matcher(m).find()) {
                sending = e.timestamp();
            } else if (received == null && RECEIVED.matcher(m).find()) {
                received = e.timestamp();
            } else if (completed == null && COMPLETED.matcher(m).find()) {
                completed = e.timestamp();
            }
        }
        Double integration = ms(s.integrationLatencyMs);
        w.totalMs = ms(s.latencyMs);
        w.totalFrom = w.totalMs != null ? "access log responseLatency" : null;
        if (w.totalMs == null && first != null && completed != null) {
            w.totalMs = (double) (completed - first);
            w.totalFrom = "execution log, first line to Method completed";
        }
        Double before = first != null && sending != null ? (double) (sending - first) : null;
        Double after = null;
        if (w.totalMs != null && before != null && integration != null) {
            after = Math.max(0, w.totalMs - before - integration);
        } else if (received != null && completed != null) {
            after = (double) (completed - received);
        }
        boolean rest = !s.execution.isEmpty();
        String noExec = rest ? "no 'Sending request to' line (execution logging at INFO shows it)"
                : "no execution log (HTTP APIs have none): only before and after together are known";
        w.segments.add(new Segment("gatewayBefore", "API Gateway before the integration", before == null ? null : 0.0, before,
                before == null ? noExec : null));
        if (!rest && w.totalMs != null && integration != null) {
            w.segments.add(new Segment("gatewayBeforeAndAfter", "API Gateway before + after", null,
                    Math.max(0, w.totalMs - integration), "the split is unknown"));
        }
        Stories.Invocation inv = main(s);
        Double init = inv == null || inv.report == null ? null : ms(inv.report.initDurationMs());
        Double duration = inv == null || inv.report == null ? null : ms(inv.report.durationMs());
        w.coldStart = inv == null || inv.report == null ? null : inv.report.initDurationMs() != null;
        Double integrationAt = before;
        w.segments.add(new Segment("integration", "integration (to Lambda and back)", integrationAt, integration,
                integration == null ? "no integration latency (access log $context.integrationLatency, or the execution log)" : null));
        String reportWhy = inv == null ? "no Lambda invocation found" : inv.report == null ? "no REPORT line seen" : null;
        if (Boolean.FALSE.equals(w.coldStart)) {
            w.segments.add(new Segment("init", "Lambda init: none (warm)", integrationAt, 0.0, null));
        } else {
            w.segments.add(new Segment("init", "Lambda init (cold start)", init == null ? null : integrationAt, init,
                    init == null ? reportWhy : null));
        }
        Double fnAt = integrationAt == null ? null : integrationAt + (init == null ? 0 : init);
        String fn = inv == null ? "function" : bound(inv.source) + " handler";
        String durationWhy = duration != null ? null : reportWhy != null ? reportWhy
                : "the REPORT's Duration is unreadable or outside 0 to 15 minutes";
        w.segments.add(new Segment("function", fn, duration == null ? null : fnAt, duration, durationWhy));
        Double overhead = integration != null && duration != null ? Math.max(0, integration - duration - (init == null ? 0 : init)) : null;
        w.segments.add(new Segment("lambdaService", "Lambda service (invoke, network)",
                overhead == null || fnAt == null ? null : fnAt + duration, overhead,
                overhead == null ? "needs the integration latency and the REPORT" : null));
        Double afterAt = integrationAt != null && integration != null ? integrationAt + integration : null;
        w.segments.add(new Segment("gatewayAfter", "API Gateway after the integration", after == null ? null : afterAt, after,
                after == null ? (rest ? "needs responseLatency or 'Method completed'" : noExec) : null));
        return w;
    }

    /** The invocation API Gateway called: the one its logs name, else the last one. */
    private static Stories.Invocation main(Stories.Story s) {
        for (Stories.Invocation inv : s.invocations) {
            for (LogEvent e : s.access) {
                if (inv.lambdaId.equals(e.line().lambdaRequestId())) {
                    return inv;
                }
            }
            for (LogEvent e : s.execution) {
                if (inv.lambdaId.equals(e.line().lambdaRequestId())) {
                    return inv;
                }
            }
        }
        return s.invocations.isEmpty() ? null : s.invocations.get(s.invocations.size() - 1);
    }

    /** A figure from the logs in milliseconds, or {@code null} when absent, unreadable or implausible. */
    static Double ms(String value) {
        if (value == null || value.length() > 20) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.strip());
            return Double.isFinite(d) && d >= 0 && d <= MAX_MS ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String bound(String label) {
        String s = Escape.text(label);
        return s.length() > 24 ? s.substring(0, 23) + "…" : s;
    }

    static String fmt(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    /** The picture: a heading, then one line per segment with its bar on a shared time scale. */
    List<String> lines() {
        double scale = totalMs != null ? totalMs : 0;
        for (Segment s : segments) {
            if (s.at() != null && s.ms() != null) {
                scale = Math.max(scale, s.at() + s.ms());
            }
        }
        List<String> out = new ArrayList<>();
        out.add(heading != null ? heading : "waterfall: " + (totalMs == null ? "total unknown (no access log responseLatency, no 'Method completed')"
                : fmt(totalMs) + " ms from the first API Gateway line to the response (" + totalFrom + ")")
                + (coldStart == null ? "" : coldStart ? ", cold start" : ", warm"));
        for (Segment s : segments) {
            String label = s.label().length() > LABEL ? s.label().substring(0, LABEL - 1) + "…" : s.label();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + LABEL + "s %9s ", label,
                    s.ms() == null ? "unknown" : fmt(s.ms()) + " ms"));
            if (s.ms() != null && s.at() != null && scale > 0) {
                int from = (int) Math.min(BAR - 1, Math.floor(s.at() / scale * BAR));
                int to = s.ms() == 0 ? from
                        : (int) Math.min(BAR, Math.max(from + 1, Math.round((s.at() + s.ms()) / scale * BAR)));
                line.append('|').append(" ".repeat(from)).append("█".repeat(to - from)).append(" ".repeat(BAR - to)).append('|')
                        .append(" at ").append(fmt(s.at())).append(" ms");
            } else if (s.ms() != null && scale > 0) {
                // Known length, unknown start: the length alone, drawn apart from the placed bars.
                int len = (int) Math.min(BAR, Math.max(s.ms() > 0 ? 1 : 0, Math.round(s.ms() / scale * BAR)));
                line.append('|').append("░".repeat(len)).append(" ".repeat(BAR - len)).append("| start unknown");
            } else {
                line.append('|').append(" ".repeat(BAR)).append('|');
            }
            if (s.why() != null) {
                line.append(" (").append(s.why()).append(')');
            }
            out.add(line.toString());
        }
        return out;
    }

    /** To the hundredth of a millisecond, as Lambda writes durations. */
    private static Double round(Double ms) {
        return ms == null ? null : Math.round(ms * 100) / 100.0;
    }

    /** The same figures for {@code --output json}: {@code <key>Ms}, {@code <key>AtMs}, {@code <key>Unknown}. */
    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("waterfallTotalMs", round(totalMs));
        f.put("waterfallTotalFrom", totalFrom);
        for (Segment s : segments) {
            f.put(s.key() + "Ms", round(s.ms()));
            f.put(s.key() + "AtMs", round(s.at()));
            f.put(s.key() + "Unknown", s.why());
        }
        return f;
    }
}
