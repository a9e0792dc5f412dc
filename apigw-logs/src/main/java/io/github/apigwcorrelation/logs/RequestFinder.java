package io.github.apigwcorrelation.logs;

import io.github.apigwcorrelation.logs.Line.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds every line of one request, starting from either ID a user may hold. Round one searches every
 * group for the ID as a quoted filter-pattern term; the lines found name the other side's ID (API
 * Gateway's {@code x-amzn-RequestId} / {@code AWS Integration Endpoint RequestId} / access log
 * {@code lambdaRequestId}, or the {@code APIG:} ID our layout stamps), which later rounds search for
 * in the groups that can hold it. Last, each invocation's log stream is read from its {@code START}
 * to its {@code REPORT}, which brings in lines the handler printed without any ID.
 */
final class RequestFinder {
    private static final int MAX_ROUNDS = 3;
    private static final long MAX_INVOCATION_MILLIS = 15 * 60_000L;   // Lambda's timeout limit

    private final GroupReader reader;
    private final List<Source> sources;

    RequestFinder(GroupReader reader, List<Source> sources) {
        this.reader = reader;
        this.sources = sources;
    }

    /** The stories that involve {@code id}; empty when no line in the window mentions it. */
    List<Stories.Story> find(String id, long start, long end) throws InterruptedException {
        Map<String, LogEvent> found = new LinkedHashMap<>();
        Set<String> known = new LinkedHashSet<>(Set.of(id));
        Set<String> apigwIds = new LinkedHashSet<>();
        Set<String> lambdaIds = new LinkedHashSet<>();
        Set<String> searched = new LinkedHashSet<>();
        List<String> terms = List.of(id);
        for (int round = 0; round < MAX_ROUNDS && !terms.isEmpty(); round++) {
            for (String term : terms) {
                searched.add(term);
                for (Source s : sources) {
                    boolean everywhere = round == 0;
                    boolean apigwSide = s.kind() != Source.Kind.LAMBDA;
                    if (everywhere || (apigwIds.contains(term) == apigwSide)) {
                        for (LogEvent e : reader.read(s, start, end, "\"" + term + "\"", null)) {
                            found.putIfAbsent(e.key(), e);
                        }
                    }
                }
            }
            link(found.values(), known, apigwIds, lambdaIds);
            terms = known.stream().filter(t -> !searched.contains(t)).collect(Collectors.toList());
        }
        readInvocationStreams(found, lambdaIds, end);
        List<LogEvent> ordered = new ArrayList<>(found.values());
        ordered.sort(LogEvent.ORDER);
        return Stories.build(ordered).stream()
                .filter(s -> known.stream().anyMatch(s::mentions))
                .collect(Collectors.toList());
    }

    /** Grows {@code known} with every ID a found line pairs with a known one, to a fixed point. */
    private static void link(Iterable<LogEvent> events, Set<String> known, Set<String> apigwIds, Set<String> lambdaIds) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (LogEvent e : events) {
                Line l = LineParser.parse(e.message());
                String a = l.apiGatewayRequestId();
                String x = l.extendedRequestId();
                String lam = l.lambdaRequestId();
                boolean touches = (a != null && known.contains(a)) || (lam != null && known.contains(lam))
                        || (x != null && known.contains(x));
                if (!touches) {
                    continue;
                }
                if (a != null) {
                    apigwIds.add(a);
                    grew |= known.add(a);
                }
                if (lam != null && l.kind() != Kind.PLATFORM) {
                    lambdaIds.add(lam);
                    grew |= known.add(lam);
                }
            }
        }
    }

    /** Reads each invocation's stream between its START and REPORT, for lines that carry no ID. */
    private void readInvocationStreams(Map<String, LogEvent> found, Set<String> lambdaIds, long end)
            throws InterruptedException {
        Map<String, LogEvent> starts = new LinkedHashMap<>();
        Map<String, LogEvent> reports = new LinkedHashMap<>();
        for (LogEvent e : found.values()) {
            Line l = LineParser.parse(e.message());
            if (l.lambdaRequestId() != null && lambdaIds.contains(l.lambdaRequestId())) {
                if (l.kind() == Kind.START) {
                    starts.put(l.lambdaRequestId(), e);
                } else if (l.kind() == Kind.REPORT) {
                    reports.put(l.lambdaRequestId(), e);
                }
            }
        }
        for (Map.Entry<String, LogEvent> s : starts.entrySet()) {
            LogEvent start = s.getValue();
            LogEvent report = reports.get(s.getKey());
            long to = report != null && report.stream().equals(start.stream())
                    ? report.timestamp() : Math.min(end, start.timestamp() + MAX_INVOCATION_MILLIS);
            Source source = sources.stream().filter(x -> x.group().equals(start.group())).findFirst().orElse(null);
            if (source == null) {
                continue;
            }
            for (LogEvent e : reader.read(source, start.timestamp(), to, null, start.stream())) {
                found.putIfAbsent(e.key(), e);
            }
        }
    }
}
