package io.github.apigwcorrelation.logs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Reads every event of one log group in a time window through {@code FilterLogEvents}, following
 * {@code nextToken} to the end, including pages that are empty but still carry a token (CloudWatch
 * returns those while it searches streams without matches). A missing group is reported once and
 * read as empty: execution logging may be off, or a function may never have run.
 */
final class GroupReader {
    private final CloudWatchLogsClient logs;
    private final Pacer pacer;
    private final PrintStream err;
    private final Set<String> missingReported = ConcurrentHashMap.newKeySet();

    GroupReader(CloudWatchLogsClient logs, Pacer pacer, PrintStream err) {
        this.logs = logs;
        this.pacer = pacer;
        this.err = err;
    }

    /** Says once per group that it does not exist, and what may be why. */
    void reportMissing(Source source) {
        if (missingReported.add(source.group())) {
            err.println("apigw-logs: log group " + Escape.text(source.group()) + " (" + Escape.text(source.label())
                    + ") does not exist yet: " + source.missingHint());
        }
    }

    /** Events per {@code FilterLogEvents} page: CloudWatch's maximum unless a smaller one is asked for. */
    private int pageSize = 10_000;

    /** Makes pages smaller (more calls, an earlier first line on dense groups); 1 to 10,000. */
    void pageSize(int size) {
        this.pageSize = size;
    }

    /** One page of a group and the token of the next ({@code null} at the end). */
    record Page(List<LogEvent> events, String next, boolean missing) {
    }

    /**
     * Events of {@code source} with {@code start <= timestamp <= end}.
     *
     * @param end {@code null} for "up to now"
     * @param pattern a CloudWatch Logs filter pattern, or {@code null}
     * @param stream restricts to one log stream, or {@code null}
     */
    List<LogEvent> read(Source source, long start, Long end, String pattern, String stream)
            throws InterruptedException {
        List<LogEvent> out = new ArrayList<>();
        String token = null;
        do {
            Page p = page(source, start, end, pattern, stream, token);
            out.addAll(p.events());
            token = p.next();
        } while (token != null);
        return out;
    }

    /**
     * One page. Pages come in CloudWatch's documented order (timestamp, ingestion time, then the
     * PutLogEvents request); {@code interleaved}, deprecated and ignored by CloudWatch, is sent because
     * emulators (moto) still honour it.
     */
    @SuppressWarnings("deprecation")
    Page page(Source source, long start, Long end, String pattern, String stream, String token)
            throws InterruptedException {
        FilterLogEventsRequest.Builder b = FilterLogEventsRequest.builder()
                .logGroupName(source.group()).startTime(start).nextToken(token).interleaved(true);
        if (pageSize < 10_000) {
            b.limit(pageSize);
        }
        if (end != null) {
            b.endTime(end);
        }
        if (pattern != null && !pattern.isBlank()) {
            b.filterPattern(pattern);
        }
        if (stream != null) {
            b.logStreamNames(stream);
        }
        FilterLogEventsRequest request = b.build();
        FilterLogEventsResponse page;
        try {
            page = pacer.call("logs:FilterLogEvents on " + source.group(), () -> logs.filterLogEvents(request));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                reportMissing(source);
                return new Page(List.of(), null, true);
            }
            throw AwsErrors.translate("logs:FilterLogEvents", "log group " + source.group(), e);
        }
        List<LogEvent> out = new ArrayList<>(page.events().size());
        for (FilteredLogEvent e : page.events()) {
            out.add(new LogEvent(source.label(), source.group(), e.logStreamName(),
                    e.timestamp() == null ? 0 : e.timestamp(),
                    e.ingestionTime() == null ? 0 : e.ingestionTime(), e.eventId(), e.message(), source.kind()));
        }
        String next = page.nextToken();
        // A token equal to the one sent would loop forever; CloudWatch never does that, a broken proxy might.
        return new Page(out, next != null && !next.equals(token) ? next : null, false);
    }
}
