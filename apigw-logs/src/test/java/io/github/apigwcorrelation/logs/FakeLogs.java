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
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * A CloudWatch Logs client that does what moto cannot: throttle, split results into small pages,
 * return empty pages that still carry a nextToken, and accept events written "late" (with an old
 * timestamp) at any moment. Only FilterLogEvents is implemented; it records every request.
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

    @Override
    public String serviceName() {
        return "logs";
    }

    @Override
    public void close() {
    }
}
