package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryResponse;

/**
 * A CloudWatch Logs client that does what moto cannot: throttle, split results into small pages,
 * return empty pages that still carry a nextToken, and accept events written "late" (with an old
 * timestamp) at any moment. FilterLogEvents records every request.
 *
 * <p>It also runs Logs Insights queries the way CloudWatch documents them, which moto 5.2.5 does not
 * (it ignores {@code filter}): the query string is parsed enough to honour what apigw-logs sends
 * ({@code fields}, {@code filter @message like "..." or ...}, {@code sort @timestamp asc|desc},
 * {@code limit}); the range is in epoch seconds; at most 50 groups per query, a missing group fails
 * the query; a query is {@code Scheduled}, then {@code Running}, then {@code Complete} over successive
 * {@code GetQueryResults}; more than {@link #concurrentQuota} unfinished queries give
 * {@code LimitExceededException}; times come back as {@code yyyy-MM-dd HH:mm:ss.SSS} and {@code @log}
 * as {@code account:group}, as CloudWatch writes them.
 */
final class FakeLogs implements CloudWatchLogsClient {
    final List<FilterLogEventsRequest> requests = new ArrayList<>();
    private final Map<String, List<FilteredLogEvent>> groups = new LinkedHashMap<>();
    int pageSize = 10_000;
    int emptyPagesBeforeData;
    int throttleNext;
    /** Runs before each request is answered (tests read the output at that moment). */
    Runnable beforeEachRequest = () -> { };
    private long nextId = 1;

    synchronized void createGroup(String group) {
        groups.computeIfAbsent(group, k -> new ArrayList<>());
    }

    synchronized String put(String group, String stream, long timestamp, String message) {
        return put(group, stream, timestamp, timestamp + 5, message);
    }

    /** An event CloudWatch ingested at {@code ingestionTime}, whatever its timestamp. */
    synchronized String put(String group, String stream, long timestamp, long ingestionTime, String message) {
        String id = String.format("%056d", nextId++);
        groups.computeIfAbsent(group, k -> new ArrayList<>()).add(FilteredLogEvent.builder()
                .logStreamName(stream).timestamp(timestamp).ingestionTime(ingestionTime).eventId(id).message(message).build());
        return id;
    }

    @Override
    public synchronized FilterLogEventsResponse filterLogEvents(FilterLogEventsRequest r) {
        requests.add(r);
        beforeEachRequest.run();
        if (throttleNext > 0) {
            throttleNext--;
            throw CloudWatchLogsException.builder().statusCode(400).message("Rate exceeded")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build())
                    .build();
        }
        List<FilteredLogEvent> all = groups.get(r.logGroupName());
        if (all == null) {
            throw ResourceNotFoundException.builder().statusCode(400).message("The specified log group does not exist.")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
        }
        List<FilteredLogEvent> matching = all.stream()
                .filter(e -> r.startTime() == null || e.timestamp() >= r.startTime())
                .filter(e -> r.endTime() == null || e.timestamp() <= r.endTime())
                .filter(e -> !r.hasLogStreamNames() || r.logStreamNames().contains(e.logStreamName()))
                .filter(e -> r.filterPattern() == null || e.message().contains(r.filterPattern().replace("\"", "")))
                .sorted(Comparator.comparing(FilteredLogEvent::timestamp).thenComparing(FilteredLogEvent::ingestionTime))
                .collect(Collectors.toList());
        int offset = 0;
        int empties = emptyPagesBeforeData;
        if (r.nextToken() != null) {
            String[] t = r.nextToken().split(":");
            offset = Integer.parseInt(t[0]);
            empties = Integer.parseInt(t[1]);
        }
        if (empties > 0) {
            return FilterLogEventsResponse.builder().nextToken(offset + ":" + (empties - 1)).build();
        }
        int to = Math.min(matching.size(), offset + pageSize);
        return FilterLogEventsResponse.builder().events(matching.subList(offset, to))
                .nextToken(to < matching.size() ? to + ":0" : null).build();
    }

    // ---- Logs Insights ----

    final List<StartQueryRequest> queries = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    int getQueryResultsCalls;
    /** Unfinished queries the account may hold at once (CloudWatch: 30, shared with other users). */
    int concurrentQuota = 30;
    /** Unfinished queries of other users, counted against the quota. */
    int othersRunning;
    /** GetQueryResults calls answered Scheduled/Running before Complete. */
    int pollsBeforeComplete = 2;
    /** Like moto 5.2.5: return every line of the range whatever the filter says. */
    boolean ignoreFilter;
    /** Status the next queries end with instead of Complete (Failed, Cancelled, Timeout). */
    QueryStatus endWith;
    /** An error StartQuery throws (e.g. AccessDeniedException), or null. */
    RuntimeException refuseStart;
    int maxUnfinishedSeen;
    private final Map<String, Query> running = new LinkedHashMap<>();

    private static final class Query {
        final List<List<ResultField>> rows;
        int polls;
        boolean finished;

        Query(List<List<ResultField>> rows) {
            this.rows = rows;
        }
    }

    private long unfinished() {
        return running.values().stream().filter(q -> !q.finished).count() + othersRunning;
    }

    @Override
    public synchronized StartQueryResponse startQuery(StartQueryRequest r) {
        queries.add(r);
        if (refuseStart != null) {
            throw refuseStart;
        }
        if (r.logGroupNames().size() > 50) {
            throw InvalidParameterException.builder().statusCode(400).message("up to 50 log groups")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterException").build()).build();
        }
        for (String g : r.logGroupNames()) {
            if (!groups.containsKey(g)) {
                throw ResourceNotFoundException.builder().statusCode(400).message("Log group does not exist")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
            }
        }
        if (unfinished() >= concurrentQuota) {
            throw LimitExceededException.builder().statusCode(400).message("Account maximum query concurrency limit reached")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("LimitExceededException").build()).build();
        }
        String q = r.queryString();
        List<String> terms = new ArrayList<>();
        java.util.regex.Matcher like = java.util.regex.Pattern.compile("@message like \"([^\"]*)\"").matcher(q);
        while (like.find()) {
            terms.add(like.group(1));
        }
        boolean filtered = q.contains("| filter ");
        boolean asc = q.matches("(?s).*\\| sort @timestamp asc.*");
        java.util.regex.Matcher lim = java.util.regex.Pattern.compile("\\| limit (\\d+)").matcher(q);
        int limit = Math.min(lim.find() ? Integer.parseInt(lim.group(1)) : 1000, r.limit() == null ? 10_000 : r.limit());
        List<String[]> matched = new ArrayList<>();
        for (String g : r.logGroupNames()) {
            for (FilteredLogEvent e : groups.get(g)) {
                if (e.timestamp() < r.startTime() * 1000 || e.timestamp() > r.endTime() * 1000) {
                    continue;   // like moto: the end second counts from its first millisecond
                }
                if (filtered && !ignoreFilter && terms.stream().noneMatch(e.message()::contains)) {
                    continue;
                }
                matched.add(new String[] {g, e.logStreamName(), Long.toString(e.timestamp()),
                    Long.toString(e.ingestionTime()), e.message(), e.eventId()});
            }
        }
        Comparator<String[]> byTime = Comparator.comparingLong(a -> Long.parseLong(a[2]));
        matched.sort(asc ? byTime : byTime.reversed());
        List<List<ResultField>> rows = new ArrayList<>();
        for (String[] m : matched.subList(0, Math.min(limit, matched.size()))) {
            rows.add(List.of(field("@timestamp", insightsTime(Long.parseLong(m[2]))),
                    field("@ingestionTime", insightsTime(Long.parseLong(m[3]))),
                    field("@message", m[4]), field("@logStream", m[1]), field("@log", "123456789012:" + m[0]),
                    field("@ptr", "CmAKJwojMTIzNDU2Nzg5MDEy" + m[5])));
        }
        String id = "q-" + queries.size();
        running.put(id, new Query(rows));
        maxUnfinishedSeen = (int) Math.max(maxUnfinishedSeen, unfinished() - othersRunning);
        return StartQueryResponse.builder().queryId(id).build();
    }

    static String insightsTime(long ms) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .format(java.time.Instant.ofEpochMilli(ms).atOffset(java.time.ZoneOffset.UTC));
    }

    private static ResultField field(String name, String value) {
        return ResultField.builder().field(name).value(value).build();
    }

    @Override
    public synchronized GetQueryResultsResponse getQueryResults(GetQueryResultsRequest r) {
        getQueryResultsCalls++;
        Query q = running.get(r.queryId());
        if (q == null) {
            throw ResourceNotFoundException.builder().statusCode(400).message("unknown query")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
        }
        q.polls++;
        if (q.polls <= pollsBeforeComplete && !q.finished) {
            return GetQueryResultsResponse.builder().status(q.polls == 1 ? QueryStatus.SCHEDULED : QueryStatus.RUNNING).build();
        }
        q.finished = true;
        if (endWith != null) {
            return GetQueryResultsResponse.builder().status(endWith).build();
        }
        return GetQueryResultsResponse.builder().status(QueryStatus.COMPLETE).results(q.rows).build();
    }

    @Override
    public synchronized StopQueryResponse stopQuery(StopQueryRequest r) {
        stopped.add(r.queryId());
        Query q = running.get(r.queryId());
        if (q != null) {
            q.finished = true;
        }
        return StopQueryResponse.builder().success(q != null).build();
    }

    @Override
    public String serviceName() {
        return "logs";
    }

    @Override
    public void close() {
    }
}
