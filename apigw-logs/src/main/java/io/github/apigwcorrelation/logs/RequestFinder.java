package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds every line of one request, starting from either ID a user may hold. Round one searches every
 * group for the ID; the lines found name the other side's ID (API Gateway's {@code x-amzn-RequestId} /
 * {@code AWS Integration Endpoint RequestId} / access log {@code lambdaRequestId}, or the {@code APIG:}
 * ID our layout stamps), which later rounds search for in the groups that can hold it. Last, every
 * function log stream a found line came from is read around it: that brings in the lines a handler
 * printed without any ID, and the {@code START}/{@code REPORT} sequence {@link Stories} needs to tell
 * a platform record from a line a function printed to look like one. With {@link #hops}, the functions past
 * the API's are searched too, for the request's API Gateway IDs as {@code OriginRequestId} ({@link Hops}).
 */
final class RequestFinder {
    /** Searches groups for lines that hold any of some terms. */
    interface Search {
        /** Every event of {@code sources} between {@code start} and {@code end} whose message holds one of {@code terms}. */
        List<LogEvent> find(List<Source> sources, List<String> terms, long start, long end) throws InterruptedException;
    }

    private static final int MAX_ROUNDS = 3;
    private static final long MAX_INVOCATION_MILLIS = 15 * 60_000L;   // Lambda's timeout limit

    /** A clock's margin before the request's first line, in the window searched for hops. */
    static final long HOP_SKEW_MILLIS = 60_000;

    private final GroupReader reader;
    private final Search search;
    private final List<Source> sources;
    private final List<Source> hopSources = new ArrayList<>();
    private Hops.Plan hops;

    RequestFinder(GroupReader reader, Search search, List<Source> sources) {
        this.reader = reader;
        this.search = search;
        this.sources = sources;
    }

    /** Also searches the functions past the API's for the request's ID as {@code OriginRequestId}: {@link Hops}. */
    RequestFinder hops(Hops.Plan plan) {
        this.hops = plan;
        return this;
    }

    private static final java.util.regex.Pattern SEARCHABLE = java.util.regex.Pattern.compile("^[A-Za-z0-9._:/+=-]{4,128}$");

    /**
     * Whether an ID may go into a filter pattern or a Logs Insights query. IDs found in log lines are
     * written by whoever can make a function print, so one holding a quote, a backslash, a space or a
     * pipe could change the query it is put in: such an ID is never searched for. Request IDs (UUIDs,
     * extended IDs such as {@code RtZ3kjQ2IAMEV5g=}) are letters, digits and {@code - = + / _ . :}.
     */
    static boolean searchable(String id) {
        return id != null && SEARCHABLE.matcher(id).matches();
    }

    /** The search every reader can do: one {@code FilterLogEvents} per group and term. */
    static Search filterLogEvents(GroupReader reader) {
        return (sources, terms, start, end) -> {
            List<LogEvent> out = new ArrayList<>();
            for (String term : terms) {
                for (Source s : sources) {
                    out.addAll(reader.read(s, start, end, "\"" + term + "\"", null));
                }
            }
            return out;
        };
    }

    /** The stories that involve {@code id}; empty when no line in the window mentions it. */
    List<Stories.Story> find(String id, long start, long end) throws InterruptedException {
        Map<String, LogEvent> found = new LinkedHashMap<>();
        Set<String> known = new LinkedHashSet<>(Set.of(id));
        Set<String> apigwIds = new LinkedHashSet<>();
        Set<String> searched = new LinkedHashSet<>();
        List<String> terms = List.of(id);
        for (int round = 0; round < MAX_ROUNDS && !terms.isEmpty(); round++) {
            searched.addAll(terms);
            List<Source> where = sources;
            if (round > 0) {
                // API Gateway IDs are looked for in the API Gateway groups, Lambda IDs in the function groups.
                boolean gatewaySide = terms.stream().allMatch(apigwIds::contains);
                boolean functionSide = terms.stream().noneMatch(apigwIds::contains);
                where = sources.stream().filter(s -> gatewaySide ? s.kind() != Source.Kind.LAMBDA
                        : !functionSide || s.kind() == Source.Kind.LAMBDA).collect(Collectors.toList());
            }
            for (LogEvent e : search.find(where, terms, start, end)) {
                found.putIfAbsent(e.key(), e);
            }
            link(found.values(), known, apigwIds);
            terms = known.stream().filter(t -> !searched.contains(t) && searchable(t)).collect(Collectors.toList());
        }
        long streamsEnd = end;
        if (hops != null && !found.isEmpty()) {
            streamsEnd = Math.max(end, searchHops(found, apigwIds));
        }
        readStreamsAround(found, streamsEnd);
        List<LogEvent> ordered = new ArrayList<>(found.values());
        ordered.sort(LogEvent.ORDER);
        List<Stories.Story> stories = Stories.build(ordered);
        Stories.attachHops(stories);
        return stories.stream().filter(s -> s.mentions(id)).collect(Collectors.toList());
    }

    /**
     * Searches the downstream functions for lines that carry one of the request's API Gateway IDs (the IDs
     * found in API Gateway's own lines and the library's, each checked by {@link #searchable}: never a value
     * read from a consumer's line). The window runs from the request's first line (less {@link #HOP_SKEW_MILLIS})
     * to its last line plus {@code --follow-for}; when that reaches the present, to 2 hours ahead, the latest
     * timestamp CloudWatch accepts. Returns the window's end.
     */
    private long searchHops(Map<String, LogEvent> found, Set<String> apigwIds) throws InterruptedException {
        List<String> origins = apigwIds.stream().filter(RequestFinder::searchable).collect(Collectors.toList());
        if (origins.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (LogEvent e : found.values()) {
            first = Math.min(first, e.timestamp());
            last = Math.max(last, e.timestamp());
        }
        long now = hops.clock().getAsLong();
        long from = first - HOP_SKEW_MILLIS;
        long to = last + hops.followFor();
        boolean present = to >= now;
        if (present) {
            to = now + Follower.MAX_AHEAD;
        }
        Downstream.Found d = hops.downstream().get();
        Set<String> searchedGroups = sources.stream().map(Source::group).collect(Collectors.toSet());
        d.sources().stream().filter(x -> !searchedGroups.contains(x.group())).forEach(hopSources::add);
        String window = Printer.iso(from) + " to " + Printer.iso(to) + " (the request's first line less "
                + HOP_SKEW_MILLIS / 1000 + " s to its last line plus " + TimeSpec.describe(hops.followFor())
                + (present ? ", which reaches now: to 2 h ahead, the latest time CloudWatch accepts" : "")
                + "; --follow-for changes it)";
        if (hopSources.isEmpty()) {
            hops.err().println(Escape.text("apigw-logs: hops: no function past the API's to search; " + d.where()
                    + "; --downstream names one"));
            return Long.MIN_VALUE;
        }
        hops.err().println(Escape.text("apigw-logs: hops: searching " + hopSources.size() + " function"
                + (hopSources.size() == 1 ? "" : "s") + " (" + hopSources.stream().map(Source::label).collect(Collectors.joining(", "))
                + ") for OriginRequestId " + String.join(", ", origins) + " from " + window + "; " + d.where()));
        for (LogEvent e : search.find(hopSources, origins, from, to)) {
            found.putIfAbsent(e.key(), e);
        }
        return to;
    }

    /** Grows {@code known} with every ID a found line pairs with a known one, to a fixed point. */
    private static void link(Iterable<LogEvent> events, Set<String> known, Set<String> apigwIds) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (LogEvent e : events) {
                Line l = e.line();
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
                if (lam != null && l.kind() != Line.Kind.PLATFORM) {
                    grew |= known.add(lam);
                }
            }
        }
    }

    /**
     * Reads each function log stream that holds a found line, from one invocation's longest run before
     * the first such line to one after the last, so the invocation's {@code START}, ID-less lines and
     * {@code REPORT} are all there.
     */
    private void readStreamsAround(Map<String, LogEvent> found, long end) throws InterruptedException {
        Map<String, long[]> spans = new LinkedHashMap<>();
        Map<String, LogEvent> any = new LinkedHashMap<>();
        for (LogEvent e : found.values()) {
            if (e.kind() != Source.Kind.LAMBDA) {
                continue;
            }
            String key = e.group() + '\u0000' + e.stream();
            any.putIfAbsent(key, e);
            spans.merge(key, new long[] {e.timestamp(), e.timestamp()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        for (Map.Entry<String, long[]> s : spans.entrySet()) {
            LogEvent e = any.get(s.getKey());
            Source source = java.util.stream.Stream.concat(sources.stream(), hopSources.stream())
                    .filter(x -> x.group().equals(e.group())).findFirst().orElse(null);
            if (source == null) {
                continue;
            }
            long from = s.getValue()[0] - MAX_INVOCATION_MILLIS;
            long to = Math.min(Math.max(end, s.getValue()[1]), s.getValue()[1] + MAX_INVOCATION_MILLIS);
            // The stream's own read is complete for its window: it replaces what the search found there,
            // which may name the same events by other IDs (a Logs Insights @ptr).
            found.values().removeIf(x -> x.group().equals(e.group()) && x.stream().equals(e.stream())
                    && x.timestamp() >= from && x.timestamp() <= to);
            for (LogEvent x : reader.read(source, from, to, null, e.stream())) {
                found.putIfAbsent(x.key(), x);
            }
        }
    }
}
