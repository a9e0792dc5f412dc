package io.github.apigwcorrelation.logs;

import io.github.apigwcorrelation.logs.Line.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups log lines by request. A Lambda invocation is every line of one log stream from
 * {@code START <id>} to {@code REPORT <id>}: lines a handler prints without IDs still belong to the
 * invocation running in that stream. API Gateway lines are grouped by their request ID and joined to
 * the invocation through the Lambda ID API Gateway records, or through the API Gateway ID this
 * project's layout stamps on Lambda lines.
 *
 * <p>A function can print any text, including lines that look like Lambda's own records or like
 * another invocation's lines. So a claim is believed only when it fits the sequence of the stream it
 * was written to, read in time order:
 * <ul>
 *   <li>a {@code START} opens an invocation only the first time its ID is seen, anywhere;</li>
 *   <li>an {@code END} or {@code REPORT} counts only for an invocation open in the same stream, and a
 *       {@code REPORT} closes it;</li>
 *   <li>an application line's IDs count only when its Lambda ID is open in the same stream.</li>
 * </ul>
 * A claim that does not hold leaves an application line without IDs in the invocation that wrote it.
 * Several invocations may be open in one stream at once (Lambda Managed Instances, local output).
 */
final class Stories {

    /** One Lambda invocation. */
    static final class Invocation {
        final String lambdaId;
        final String source;
        final String streamKey;
        final List<LogEvent> lines = new ArrayList<>();
        final Set<String> apiGatewayIds = new LinkedHashSet<>();
        /** The {@code OriginRequestId}s its lines carry: the requests whose chain it is a hop of. */
        final Set<String> origins = new LinkedHashSet<>();
        /** The lines whose IDs held (their Lambda ID was open in their stream); the others count as ID-less. */
        final Set<LogEvent> believed = new HashSet<>();
        LogEvent startEvent;
        LogEvent reportEvent;
        Line report;

        Invocation(String lambdaId, String source, String streamKey) {
            this.lambdaId = lambdaId;
            this.source = source;
            this.streamKey = streamKey;
        }
    }

    /** One API request: its API Gateway lines and the invocations it caused. */
    static final class Story {
        final Set<String> apiGatewayIds = new LinkedHashSet<>();
        final Set<String> extendedIds = new LinkedHashSet<>();
        final List<LogEvent> execution = new ArrayList<>();
        final List<LogEvent> access = new ArrayList<>();
        final List<Invocation> invocations = new ArrayList<>();
        /** Invocations whose lines carry one of this story's API Gateway IDs as {@code OriginRequestId}: {@link Hops}. */
        final List<Invocation> hops = new ArrayList<>();
        String status;
        String latencyMs;
        String integrationLatencyMs;
        String requestTimeEpoch;

        /** Whether {@code id} is one of this story's API Gateway or Lambda request IDs. */
        boolean mentions(String id) {
            return apiGatewayIds.contains(id) || extendedIds.contains(id)
                    || invocations.stream().anyMatch(i -> i.lambdaId.equals(id));
        }
    }

    /** Reads events one at a time, in time order, and tells when an invocation's REPORT closes it. */
    static final class Builder {
        private final Map<String, Invocation> invocations = new LinkedHashMap<>();
        private final Set<String> started = new HashSet<>();   // every Lambda ID a START opened, ever
        private final Map<String, List<Invocation>> open = new HashMap<>();   // stream → open, oldest first
        private final Map<String, List<LogEvent>> beforeStart = new HashMap<>();   // stream → INIT_START ...
        private final Map<String, Story> byApigw = new LinkedHashMap<>();
        private final Map<String, String> lambdaToApigw = new HashMap<>();
        private final List<Story> order = new ArrayList<>();

        /** Adds one event; returns the invocation its REPORT closed, or {@code null}. */
        Invocation accept(LogEvent e) {
            Line l = e.line();
            if (l.kind() == Kind.EXECUTION || l.kind() == Kind.ACCESS) {
                gatewayLine(e, l);
                return null;
            }
            String streamKey = e.group() + '\u0000' + e.stream();
            List<Invocation> here = open.computeIfAbsent(streamKey, k -> new ArrayList<>());
            Invocation claimed = l.lambdaRequestId() == null ? null
                    : here.stream().filter(i -> i.lambdaId.equals(l.lambdaRequestId())).findFirst().orElse(null);
            switch (l.kind()) {
                case START:
                    if (l.lambdaRequestId() != null && started.add(l.lambdaRequestId())) {
                        Invocation inv = new Invocation(l.lambdaRequestId(), e.source(), streamKey);
                        invocations.put(inv.lambdaId, inv);
                        List<LogEvent> init = beforeStart.remove(streamKey);
                        if (init != null) {
                            inv.lines.addAll(init);
                        }
                        inv.lines.add(e);
                        inv.startEvent = e;
                        here.add(inv);
                        return null;
                    }
                    break;
                case END:
                    if (claimed != null) {
                        claimed.lines.add(e);
                        return null;
                    }
                    break;
                case REPORT:
                    if (claimed != null) {
                        claimed.lines.add(e);
                        claimed.report = l;
                        claimed.reportEvent = e;
                        here.remove(claimed);
                        return claimed;
                    }
                    break;
                case PLATFORM:
                    if (claimed == null && here.isEmpty()) {
                        beforeStart.computeIfAbsent(streamKey, k -> new ArrayList<>()).add(e);
                        return null;
                    }
                    break;
                default:
                    if (claimed != null) {
                        claimed.lines.add(e);
                        claimed.believed.add(e);
                        if (l.apiGatewayRequestId() != null) {
                            claimed.apiGatewayIds.add(l.apiGatewayRequestId());
                        }
                        if (l.originRequestId() != null) {
                            claimed.origins.add(l.originRequestId());
                        }
                        return null;
                    }
                    break;
            }
            // No claim held: the line belongs to whatever runs in its stream, without its IDs.
            Invocation current = here.isEmpty() ? null : here.get(here.size() - 1);
            if (current != null) {
                current.lines.add(e);
            }
            return null;
        }

        private void gatewayLine(LogEvent e, Line l) {
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
            if (l.requestTimeEpoch() != null) {
                s.requestTimeEpoch = l.requestTimeEpoch();
            }
            if (l.lambdaRequestId() != null) {
                lambdaToApigw.putIfAbsent(l.lambdaRequestId(), l.apiGatewayRequestId());
            }
        }

        /** The story of one closed invocation, for printing it as soon as its REPORT arrives. */
        Story storyOf(Invocation inv) {
            String apigw = apigwOf(inv);
            Story gateway = apigw == null ? null : byApigw.remove(apigw);
            Story s = gateway == null ? newStory(new ArrayList<>(), apigw) : gateway;
            order.remove(gateway);
            s.invocations.add(inv);
            s.apiGatewayIds.addAll(inv.apiGatewayIds);
            invocations.values().remove(inv);
            return s;
        }

        private String apigwOf(Invocation inv) {
            String apigw = lambdaToApigw.get(inv.lambdaId);
            return apigw == null && !inv.apiGatewayIds.isEmpty() ? inv.apiGatewayIds.iterator().next() : apigw;
        }

        /** Every story, invocations joined to their requests; an invocation nobody names is a story of its own. */
        List<Story> finish() {
            for (Invocation inv : invocations.values()) {
                String apigw = apigwOf(inv);
                Story s = apigw == null ? newStory(order, null) : byApigw.computeIfAbsent(apigw, k -> newStory(order, k));
                s.invocations.add(inv);
                s.apiGatewayIds.addAll(inv.apiGatewayIds);
            }
            invocations.clear();
            return order;
        }
    }

    private Stories() {
    }

    /** Builds stories from events in time order. */
    static List<Story> build(List<LogEvent> events) {
        Builder b = new Builder();
        events.forEach(b::accept);
        return b.finish();
    }

    /**
     * Gives each story with an API Gateway ID the invocations whose lines carry that ID as their
     * {@code OriginRequestId} (SQS and SNS consumers, EventBridge targets, functions invoked or called over
     * HTTP down the chain), oldest first. An invocation API Gateway called itself is not a hop of its request.
     */
    static void attachHops(List<Story> stories) {
        List<Invocation> all = new ArrayList<>();
        stories.forEach(s -> all.addAll(s.invocations));
        for (Story s : stories) {
            for (Invocation inv : all) {
                if (!s.invocations.contains(inv) && inv.origins.stream().anyMatch(s.apiGatewayIds::contains)) {
                    s.hops.add(inv);
                }
            }
            s.hops.sort(java.util.Comparator.comparingLong(i -> i.lines.get(0).timestamp()));
        }
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

    /**
     * Prints a story: API Gateway execution lines, the access log entry, each invocation, each {@link Hops hop}
     * past the first function, the summary (and a line naming the hops), and, for a request API Gateway logged,
     * its {@link Waterfall} and the chain's (in JSON, the figures and the hops inside the summary object).
     */
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
        Hops hops = s.hops.isEmpty() ? null : Hops.of(s);
        if (hops != null) {
            hops.print(p);
        }
        Map<String, Object> fields = summaryFields(s);
        Waterfall w = s.execution.isEmpty() && s.access.isEmpty() ? null : Waterfall.of(s);
        if (w != null) {
            fields.putAll(w.fields());
        }
        if (hops != null) {
            fields.put("hops", hops.json());
        }
        p.summary(summary(s), fields);
        if (hops != null) {
            p.text(hops.summary());
        }
        if (w != null) {
            w.lines().forEach(p::text);
        }
        if (hops != null) {
            hops.waterfall(w == null ? null : w.totalMs).lines().forEach(p::text);
        }
    }
}
