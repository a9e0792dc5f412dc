package io.github.apigwcorrelation.logs;

import io.github.apigwcorrelation.logs.Line.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups log lines by request. A Lambda invocation is every line of one log stream from
 * {@code START <id>} to {@code REPORT <id>} (plus lines elsewhere that carry the ID): lines a handler
 * prints without IDs still belong to the invocation running in that stream. API Gateway lines are
 * grouped by their request ID and joined to the invocation through the Lambda ID API Gateway records,
 * or through the API Gateway ID this project's layout stamps on Lambda lines.
 */
final class Stories {

    /** One Lambda invocation. */
    static final class Invocation {
        final String lambdaId;
        final String source;
        final List<LogEvent> lines = new ArrayList<>();
        final Set<String> apiGatewayIds = new LinkedHashSet<>();
        Line start;
        Line report;

        Invocation(String lambdaId, String source) {
            this.lambdaId = lambdaId;
            this.source = source;
        }
    }

    /** One API request: its API Gateway lines and the invocations it caused. */
    static final class Story {
        final Set<String> apiGatewayIds = new LinkedHashSet<>();
        final Set<String> extendedIds = new LinkedHashSet<>();
        final List<LogEvent> execution = new ArrayList<>();
        final List<LogEvent> access = new ArrayList<>();
        final List<Invocation> invocations = new ArrayList<>();
        String status;
        String latencyMs;
        String integrationLatencyMs;

        /** Whether {@code id} is one of this story's API Gateway or Lambda request IDs. */
        boolean mentions(String id) {
            return apiGatewayIds.contains(id) || extendedIds.contains(id)
                    || invocations.stream().anyMatch(i -> i.lambdaId.equals(id));
        }
    }

    private Stories() {
    }

    /**
     * Builds stories from events given in stream order (each stream's events in the order they were
     * written; streams may interleave).
     */
    static List<Story> build(List<LogEvent> events) {
        Map<String, Invocation> invocations = new LinkedHashMap<>();
        Map<String, Invocation> current = new HashMap<>();   // stream → invocation running there
        Map<String, Story> byApigw = new LinkedHashMap<>();
        Map<String, String> lambdaToApigw = new HashMap<>();
        List<Story> order = new ArrayList<>();

        for (LogEvent e : events) {
            Line l = LineParser.parse(e.message());
            String streamKey = e.group() + '\u0000' + e.stream();
            switch (l.kind()) {
                case EXECUTION:
                case ACCESS: {
                    Story s = byApigw.computeIfAbsent(l.apiGatewayRequestId(), k -> newStory(order, k));
                    (l.kind() == Kind.EXECUTION ? s.execution : s.access).add(e);
                    if (l.extendedRequestId() != null) {
                        s.extendedIds.add(l.extendedRequestId());
                    }
                    if (l.status() != null) {
                        s.status = l.status();
                    }
                    if (l.latencyMs() != null) {
                        s.latencyMs = l.latencyMs();
                    }
                    if (l.integrationLatencyMs() != null) {
                        s.integrationLatencyMs = l.integrationLatencyMs();
                    }
                    if (l.lambdaRequestId() != null) {
                        lambdaToApigw.putIfAbsent(l.lambdaRequestId(), l.apiGatewayRequestId());
                    }
                    break;
                }
                default: {
                    Invocation inv = null;
                    if (l.lambdaRequestId() != null) {
                        inv = invocations.computeIfAbsent(l.lambdaRequestId(), k -> new Invocation(k, e.source()));
                    } else if (l.kind() == Kind.APP) {
                        inv = current.get(streamKey);
                    }
                    if (inv == null) {
                        break;   // a platform line outside any invocation (INIT_START, ...), or an orphan
                    }
                    inv.lines.add(e);
                    if (l.apiGatewayRequestId() != null) {
                        inv.apiGatewayIds.add(l.apiGatewayRequestId());
                    }
                    if (l.kind() == Kind.START) {
                        inv.start = l;
                        current.put(streamKey, inv);
                    } else if (l.kind() == Kind.REPORT) {
                        inv.report = l;
                        current.remove(streamKey, inv);
                    }
                    break;
                }
            }
        }
        // Join invocations to requests; an invocation nobody names becomes a story of its own.
        for (Invocation inv : invocations.values()) {
            String apigw = lambdaToApigw.get(inv.lambdaId);
            if (apigw == null && !inv.apiGatewayIds.isEmpty()) {
                apigw = inv.apiGatewayIds.iterator().next();
            }
            Story s = apigw == null ? newStory(order, null) : byApigw.computeIfAbsent(apigw, k -> newStory(order, k));
            s.invocations.add(inv);
            s.apiGatewayIds.addAll(inv.apiGatewayIds);
        }
        return order;
    }

    private static Story newStory(List<Story> order, String apigwId) {
        Story s = new Story();
        if (apigwId != null) {
            s.apiGatewayIds.add(apigwId);
        }
        order.add(s);
        return s;
    }

    /** The one-line summary: status, latency, the invocations with duration and cold-start init. */
    static String summary(Story s) {
        StringBuilder b = new StringBuilder("summary: ");
        b.append("request ").append(s.apiGatewayIds.isEmpty() ? "?" : String.join(",", s.apiGatewayIds));
        b.append(" · status ").append(s.status == null ? "?" : s.status);
        if (s.latencyMs != null) {
            b.append(" · latency ").append(s.latencyMs).append(" ms");
        }
        if (s.integrationLatencyMs != null) {
            b.append(" · integration ").append(s.integrationLatencyMs).append(" ms");
        }
        for (Invocation inv : s.invocations) {
            b.append(" · ").append(inv.source).append(' ').append(inv.lambdaId);
            if (inv.report != null && inv.report.durationMs() != null) {
                b.append(" ").append(inv.report.durationMs()).append(" ms");
            }
            if (inv.report != null && inv.report.initDurationMs() != null) {
                b.append(", cold start (init ").append(inv.report.initDurationMs()).append(" ms)");
            } else if (inv.report != null) {
                b.append(", warm");
            } else {
                b.append(", no REPORT seen");
            }
        }
        return b.toString();
    }

    static Map<String, Object> summaryFields(Story s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("apiGatewayRequestId", s.apiGatewayIds.isEmpty() ? null : String.join(",", s.apiGatewayIds));
        f.put("extendedRequestId", s.extendedIds.isEmpty() ? null : String.join(",", s.extendedIds));
        f.put("status", s.status);
        f.put("latencyMs", s.latencyMs);
        f.put("integrationLatencyMs", s.integrationLatencyMs);
        for (int i = 0; i < s.invocations.size(); i++) {
            Invocation inv = s.invocations.get(i);
            String p = i == 0 ? "" : String.valueOf(i + 1);
            f.put("function" + p, inv.source);
            f.put("lambdaRequestId" + p, inv.lambdaId);
            f.put("durationMs" + p, inv.report == null ? null : inv.report.durationMs());
            f.put("initDurationMs" + p, inv.report == null ? null : inv.report.initDurationMs());
            f.put("coldStart" + p, inv.report == null ? null : inv.report.initDurationMs() != null);
        }
        return f;
    }

    /** Prints a story: API Gateway execution lines, the access log entry, each invocation, the summary. */
    static void print(Story s, Printer p) {
        String ext = s.extendedIds.isEmpty() ? "" : " (extended " + String.join(",", s.extendedIds) + ")";
        p.heading("request " + (s.apiGatewayIds.isEmpty() ? "(no API Gateway ID)" : String.join(",", s.apiGatewayIds)) + ext);
        if (!s.execution.isEmpty()) {
            p.heading("  API Gateway execution log · " + s.execution.get(0).group());
            s.execution.forEach(e -> p.event(e, "execution"));
        }
        if (!s.access.isEmpty()) {
            p.heading("  access log · " + s.access.get(0).group());
            s.access.forEach(e -> p.event(e, "access"));
        }
        for (Invocation inv : s.invocations) {
            LogEvent first = inv.lines.get(0);
            p.heading("  Lambda " + inv.source + " · " + inv.lambdaId + " · " + first.group() + " · " + first.stream());
            inv.lines.forEach(e -> p.event(e, "lambda"));
        }
        p.summary(summary(s), summaryFields(s));
    }
}
