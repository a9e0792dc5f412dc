package io.github.apigwcorrelation.logs;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/**
 * Finds the lines that hold some IDs with CloudWatch Logs Insights: one query ({@code StartQuery},
 * then {@code GetQueryResults} until it is complete) per 50 log groups, instead of paging
 * {@code FilterLogEvents} through every group for every ID. It minds the engine's limits:
 * <ul>
 *   <li><b>50 log groups per query</b>: more groups are split into several queries;</li>
 *   <li><b>concurrent queries</b> (30 per account, shared with dashboards and everyone else): at most
 *       {@link #maxConcurrent} of ours run at once, and a {@code LimitExceededException} from
 *       {@code StartQuery} puts the query back in the queue until a slot frees;</li>
 *   <li><b>10,000 rows per query</b>: results come oldest first, so a full result is complete up to the
 *       millisecond of its last row; the range is narrowed to start there and asked again. When that
 *       makes no progress (more matches within one second than a result holds: the range is in whole
 *       seconds) the rest is read with {@code FilterLogEvents}, which pages without limit.</li>
 * </ul>
 * Every row is checked against the IDs and the window on this side too: a row that does not hold one
 * of them is dropped, so an engine that ignores {@code filter} (moto 5.2.5 does) cannot add lines to a
 * story. Such an engine also makes every result fuller than it should be; in {@code auto} mode a full
 * result from it is read with {@code FilterLogEvents} instead of narrowed again and again.
 *
 * <p>Where Insights cannot serve (a refused call, a failed, cancelled or timed-out query, a query still
 * running after {@link #queryTimeout}) the {@code auto} mode reads those groups with
 * {@code FilterLogEvents} and says so once on stderr; the forced {@code insights} mode reports the error.
 * A missing log group fails a whole query, so a query over several groups that answers "not found" is
 * split until the missing group is alone; that group is reported like {@link GroupReader} does.
 */
final class InsightsSearch implements RequestFinder.Search {
    static final int MAX_GROUPS_PER_QUERY = 50;
    static final int MAX_ROWS = 10_000;
    private static final DateTimeFormatter INSIGHTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final CloudWatchLogsClient logs;
    private final Pacer pacer;
    private final GroupReader reader;
    private final LongSupplier clock;
    private final Pacer.Sleeper sleeper;
    private final PrintStream err;
    private final boolean forced;
    int rowLimit = MAX_ROWS;
    int maxConcurrent = 4;
    long queryTimeout = 5 * 60_000L;
    long queueTimeout = 2 * 60_000L;
    private boolean fallbackReported;
    private boolean ignoredFilterSeen;
    private int queries;

    /**
     * @param forced {@code true} for {@code --engine insights}: no fallback, errors are reported
     */
    InsightsSearch(CloudWatchLogsClient logs, Pacer pacer, GroupReader reader, LongSupplier clock,
                   Pacer.Sleeper sleeper, PrintStream err, boolean forced) {
        this.logs = logs;
        this.pacer = pacer;
        this.reader = reader;
        this.clock = clock;
        this.sleeper = sleeper;
        this.err = err;
        this.forced = forced;
    }

    /** One query to run: some groups over {@code [from, to]} (milliseconds, both ends included). */
    private record Slice(List<Source> sources, long from, long to) {
    }

    /** A started query. */
    private static final class Running {
        final Slice slice;
        final String id;
        final long startedAt;
        long pollAt;
        long pollDelay = 100;

        Running(Slice slice, String id, long startedAt) {
            this.slice = slice;
            this.id = id;
            this.startedAt = startedAt;
            this.pollAt = startedAt + pollDelay;
        }
    }

    /** How many queries were started so far (for tests and {@code --stats}). */
    int queries() {
        return queries;
    }

    @Override
    public List<LogEvent> find(List<Source> sources, List<String> terms, long start, long end)
            throws InterruptedException {
        List<LogEvent> found = new ArrayList<>();
        if (terms.isEmpty() || sources.isEmpty()) {
            return found;
        }
        String query = query(terms);
        Deque<Slice> pending = new ArrayDeque<>();
        for (int i = 0; i < sources.size(); i += MAX_GROUPS_PER_QUERY) {
            pending.add(new Slice(List.copyOf(sources.subList(i, Math.min(sources.size(), i + MAX_GROUPS_PER_QUERY))), start, end));
        }
        List<Running> running = new ArrayList<>();
        long quotaWaitSince = -1;
        long quotaRetryAt = 0;
        long quotaDelay = 500;
        try {
            while (!pending.isEmpty() || !running.isEmpty()) {
                long now = clock.getAsLong();
                while (running.size() < maxConcurrent && !pending.isEmpty() && now >= quotaRetryAt) {
                    Slice s = pending.poll();
                    Started started = start(s, query, terms, pending, found);
                    if (started != null && started.quotaFull()) {
                        pending.addFirst(s);
                        quotaWaitSince = quotaWaitSince < 0 ? now : quotaWaitSince;
                        if (now - quotaWaitSince > queueTimeout) {
                            pending.remove(s);
                            cannotServe(s, terms, found, "the account's concurrent query quota stayed full for "
                                    + queueTimeout / 1000 + " s (LimitExceededException)", null);
                            quotaWaitSince = -1;
                            continue;
                        }
                        // Our own running queries free slots as they finish; otherwise others hold them: back off.
                        quotaRetryAt = running.isEmpty() ? now + quotaDelay : Long.MAX_VALUE;
                        quotaDelay = Math.min(quotaDelay * 2, 10_000);
                        break;
                    }
                    quotaWaitSince = -1;
                    quotaDelay = 500;
                    if (started != null) {
                        running.add(new Running(s, started.queryId(), clock.getAsLong()));
                    }
                }
                for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
                    Running r = it.next();
                    if (clock.getAsLong() < r.pollAt) {
                        continue;
                    }
                    if (poll(r, terms, pending, found)) {
                        it.remove();
                        if (quotaRetryAt == Long.MAX_VALUE) {
                            quotaRetryAt = 0;   // a slot of ours freed
                        }
                    }
                }
                long next = Long.MAX_VALUE;
                for (Running r : running) {
                    next = Math.min(next, r.pollAt);
                }
                if (!pending.isEmpty() && quotaRetryAt != Long.MAX_VALUE) {
                    next = Math.min(next, running.size() < maxConcurrent ? quotaRetryAt : next);
                }
                long wait = next == Long.MAX_VALUE ? 0 : next - clock.getAsLong();
                if (wait > 0) {
                    sleeper.sleep(wait);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            for (Running r : running) {
                stop(r.id);   // Ctrl-C or an error: leave no query of ours holding the account's quota
            }
        }
        return found;
    }

    /** What {@link #start} did: started a query, or found the account's concurrent-query quota full. */
    private record Started(String queryId, boolean quotaFull) {
    }

    /** The account's concurrent-query quota is full: not a rate to back off from, a slot must free. */
    private static final class QuotaFull extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QuotaFull() {
            super(null, null, false, false);
        }
    }

    /** Starts a slice's query; {@code null} when the slice was dealt with otherwise (split, missing, fallen back). */
    private Started start(Slice s, String query, List<String> terms, Deque<Slice> pending, List<LogEvent> found)
            throws InterruptedException {
        long fromSecond = Math.floorDiv(s.from(), 1000);
        long toSecond = Math.floorDiv(s.to() + 999, 1000);
        List<String> groups = s.sources().stream().map(Source::group).collect(Collectors.toList());
        String id;
        try {
            id = pacer.call("logs:StartQuery on " + String.join(", ", groups), () -> {
                try {
                    return logs.startQuery(r -> r.logGroupNames(groups).startTime(fromSecond).endTime(toSecond)
                            .queryString(query).limit(rowLimit)).queryId();
                } catch (LimitExceededException e) {
                    throw new QuotaFull();   // past the pacer, which would retry it as a throttle
                }
            });
        } catch (QuotaFull e) {
            return new Started(null, true);
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                if (s.sources().size() == 1) {
                    reader.reportMissing(s.sources().get(0));
                } else {
                    int half = s.sources().size() / 2;
                    pending.addFirst(new Slice(s.sources().subList(half, s.sources().size()), s.from(), s.to()));
                    pending.addFirst(new Slice(s.sources().subList(0, half), s.from(), s.to()));
                }
                return null;
            }
            cannotServe(s, terms, found, "StartQuery was refused (" + AwsErrors.brief(e) + ")", e);
            return null;
        }
        queries++;
        return new Started(id, false);
    }

    /** Asks for a query's results; returns whether the query is done with. */
    private boolean poll(Running r, List<String> terms, Deque<Slice> pending, List<LogEvent> found)
            throws InterruptedException {
        GetQueryResultsResponse result;
        try {
            result = pacer.call("logs:GetQueryResults", () -> logs.getQueryResults(q -> q.queryId(r.id)));
        } catch (SdkException e) {
            cannotServe(r.slice, terms, found, "GetQueryResults failed (" + AwsErrors.brief(e) + ")", e);
            return true;
        }
        QueryStatus status = result.status();
        if (status == QueryStatus.SCHEDULED || status == QueryStatus.RUNNING) {
            long now = clock.getAsLong();
            if (now - r.startedAt > queryTimeout) {
                stop(r.id);
                cannotServe(r.slice, terms, found, "the query was still running after " + queryTimeout / 1000 + " s", null);
                return true;
            }
            r.pollDelay = Math.min(r.pollDelay * 2, 2_000);
            r.pollAt = now + r.pollDelay;
            return false;
        }
        if (status != QueryStatus.COMPLETE) {
            cannotServe(r.slice, terms, found, "the query ended " + result.statusAsString(), null);
            return true;
        }
        List<LogEvent> rows = new ArrayList<>();
        boolean ignoredFilter = false;
        long last = Long.MIN_VALUE;
        for (List<ResultField> row : result.results()) {
            LogEvent e = event(row, r.slice);
            if (e == null) {
                continue;
            }
            last = Math.max(last, e.timestamp());
            if (terms.stream().noneMatch(e.message()::contains)) {
                ignoredFilter = true;
                continue;
            }
            if (e.timestamp() >= r.slice.from() && e.timestamp() <= r.slice.to()) {
                rows.add(e);
            }
        }
        ignoredFilterSeen |= ignoredFilter;
        if (result.results().size() < rowLimit || last > r.slice.to()) {
            found.addAll(rows);   // not full, or full only with rows past the slice's end
            return true;
        }
        // Full: rows after the last one returned were left out, and some at its millisecond may have been.
        // Keep what is older and ask again from that millisecond on. The range is in whole seconds, so a
        // second holding more matches than a result can, or an engine that ignores the filter (each
        // result would be 10,000 lines of anything), goes to FilterLogEvents instead.
        if (last <= r.slice.from() || (ignoredFilter && !forced)) {
            cannotServe(r.slice, terms, found, ignoredFilter
                    ? "Logs Insights returned lines that do not match the query's filter, and a full result"
                    : "more than " + rowLimit + " matching lines within one second", null);
            return true;
        }
        for (LogEvent e : rows) {
            if (e.timestamp() < last) {
                found.add(e);
            }
        }
        pending.addFirst(new Slice(r.slice.sources(), last, r.slice.to()));
        return true;
    }

    /** A result row as an event of the slice's groups, or {@code null} when it names no group of ours. */
    private static LogEvent event(List<ResultField> row, Slice slice) {
        Map<String, String> f = new HashMap<>();
        for (ResultField field : row) {
            if (field.field() != null && field.value() != null) {
                f.put(field.field(), field.value());
            }
        }
        Source source = sourceOf(f.get("@log"), slice.sources());
        Long ts = time(f.get("@timestamp"));
        if (source == null || ts == null || f.get("@message") == null) {
            return null;
        }
        Long ingestion = time(f.get("@ingestionTime"));
        return new LogEvent(source.label(), source.group(), f.getOrDefault("@logStream", "?"), ts,
                ingestion == null ? 0 : ingestion, "insights:" + f.getOrDefault("@ptr", ""), f.get("@message"), source.kind());
    }

    /** {@code @log} is {@code <account>:<group>} on CloudWatch and the bare group name on moto. */
    private static Source sourceOf(String log, List<Source> sources) {
        if (sources.size() == 1 && log == null) {
            return sources.get(0);
        }
        if (log == null) {
            return null;
        }
        for (Source s : sources) {
            if (log.equals(s.group()) || (log.endsWith(":" + s.group()) && log.indexOf(':') == log.length() - s.group().length() - 1)) {
                return s;
            }
        }
        return null;
    }

    /** Insights writes times as {@code 2026-11-21 19:59:39.541} (UTC); moto writes epoch milliseconds. */
    static Long time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit) && v.length() < 19) {
            return Long.parseLong(v);
        }
        try {
            return LocalDateTime.parse(v, INSIGHTS_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The query: every line holding one of the terms, oldest first, as many rows as allowed. */
    String query(List<String> terms) {
        for (String t : terms) {
            if (!RequestFinder.searchable(t)) {
                throw new IllegalArgumentException("not a searchable ID: " + t);   // RequestFinder filters first
            }
        }
        return "fields @timestamp, @ingestionTime, @message, @logStream, @log\n| filter "
                + terms.stream().map(t -> "@message like \"" + t + "\"").collect(Collectors.joining(" or "))
                + "\n| sort @timestamp asc\n| limit " + rowLimit;
    }

    /** Insights cannot serve a slice: read it with FilterLogEvents ({@code auto}) or report why ({@code insights}). */
    private void cannotServe(Slice s, List<String> terms, List<LogEvent> found, String why, SdkException cause)
            throws InterruptedException {
        String groups = s.sources().stream().map(Source::group).collect(Collectors.joining(", "));
        if (forced) {
            if (cause != null) {
                throw AwsErrors.translate("logs:StartQuery", "log groups " + groups, cause);
            }
            throw new CliException(1, "Logs Insights cannot search " + groups + ": " + why
                    + "; run again with --engine filter (FilterLogEvents)");
        }
        if (!fallbackReported) {
            fallbackReported = true;
            err.println(Escape.text("apigw-logs: Logs Insights cannot serve this search (" + why + "); reading "
                    + groups + " with FilterLogEvents (--engine filter skips Insights)"));
        }
        found.addAll(RequestFinder.filterLogEvents(reader).find(s.sources(), terms, s.from(), s.to()));
    }

    /** Whether a result held rows that do not match the filter sent (an engine that ignores {@code filter}). */
    boolean sawIgnoredFilter() {
        return ignoredFilterSeen;
    }

    private void stop(String id) {
        try {
            logs.stopQuery(r -> r.queryId(id));
        } catch (SdkException e) {
            // Best effort: a query that cannot be stopped ends by itself (moto has no StopQuery)
        }
    }
}
