package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;

/**
 * The Logs Insights path against {@link FakeLogs}, which honours the filter it is sent (moto 5.2.5 does
 * not), its result limit, its Scheduled/Running/Complete states and its concurrent-query quota.
 */
class InsightsSearchTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final String ID = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";

    private final FakeLogs logs = new FakeLogs();
    private final FakeClock clock = new FakeClock(T0 + 86_400_000L);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private InsightsSearch search(boolean forced) {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Pacer pacer = clock.pacer(4);
        return new InsightsSearch(logs, pacer, new GroupReader(logs, pacer, e), clock::millis, clock::sleep, e, forced);
    }

    private static List<Source> groups(int n) {
        List<Source> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(new Source("fn" + i, "/aws/lambda/fn" + i, Source.Kind.LAMBDA));
        }
        return s;
    }

    /** In every group: one line with the ID and nine without, spread over the day. */
    private void seedDay(List<Source> sources) {
        for (Source s : sources) {
            for (int i = 0; i < 10; i++) {
                long ts = T0 + i * 8_000_000L + s.group().length();
                logs.put(s.group(), "stream", ts, i == 3 ? "{\"ApiGatewayRequestId\":\"" + ID + "\",\"n\":" + i + "}" : "other line " + i);
            }
        }
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneQueryPerFiftyGroupsPolledUntilCompleteFindsOnlyLinesWithTheId() throws Exception {
        List<Source> sources = groups(120);
        seedDay(sources);
        InsightsSearch search = search(false);

        List<LogEvent> found = search.find(sources, List.of(ID), T0, T0 + 86_400_000L);

        assertThat(found).hasSize(120).allSatisfy(e -> assertThat(e.message()).contains(ID));
        assertThat(found.stream().map(LogEvent::group).collect(Collectors.toSet())).hasSize(120);
        // 50 + 50 + 20 groups: three queries, over the window in whole seconds.
        assertThat(logs.queries).extracting(q -> q.logGroupNames().size()).containsExactly(50, 50, 20);
        assertThat(logs.queries).extracting(StartQueryRequest::startTime).containsOnly(T0 / 1000);
        assertThat(logs.queries).extracting(StartQueryRequest::endTime).containsOnly((T0 + 86_400_000L) / 1000);
        assertThat(logs.queries.get(0).queryString()).isEqualTo("fields @timestamp, @ingestionTime, @message, @logStream, @log\n"
                + "| filter @message like \"" + ID + "\"\n| sort @timestamp asc\n| limit 10000");
        // Each query answered Scheduled, Running, then Complete.
        assertThat(logs.getQueryResultsCalls).isEqualTo(9);
        assertThat(logs.requests).isEmpty();
        assertThat(errText()).isEmpty();
        LogEvent first = found.stream().filter(e -> e.group().equals("/aws/lambda/fn0")).findFirst().orElseThrow();
        assertThat(first.timestamp()).isEqualTo(T0 + 3 * 8_000_000L + "/aws/lambda/fn0".length());
        assertThat(first.ingestionTime()).isEqualTo(first.timestamp() + 5);
        assertThat(first.source()).isEqualTo("fn0");
        assertThat(first.stream()).isEqualTo("stream");
    }

    @Test
    void aFullResultIsAskedAgainFromItsLastMillisecondAndNoLineIsLostOrDoubled() throws Exception {
        Source fn = groups(1).get(0);
        // 1,000 matching lines, some sharing a millisecond, some on whole seconds (slice edges).
        for (int i = 0; i < 1_000; i++) {
            long ts = T0 + (i / 3) * 1_000L + (i % 3 == 0 ? 0 : 500);
            logs.put(fn.group(), "s", ts, ID + " line " + i);
        }
        InsightsSearch search = search(false);
        search.rowLimit = 100;

        List<LogEvent> found = search.find(List.of(fn), List.of(ID), T0, T0 + 86_400_000L);

        List<String> messages = found.stream().map(LogEvent::message).collect(Collectors.toList());
        assertThat(new HashSet<>(messages)).hasSize(1_000);
        assertThat(messages).hasSize(1_000);
        // 1,000 lines, 100 a result, each next query from the last row's millisecond (its rows asked again).
        assertThat(search.queries()).isBetween(11, 13);
        assertThat(logs.requests).isEmpty();   // never needed FilterLogEvents
    }

    @Test
    void moreMatchesInOneSecondThanAQueryReturnsAreReadWithFilterLogEvents() throws Exception {
        Source fn = groups(1).get(0);
        for (int i = 0; i < 150; i++) {
            logs.put(fn.group(), "s", T0 + 5_000 + (i % 7), ID + " burst " + i);
        }
        InsightsSearch search = search(false);
        search.rowLimit = 100;

        List<LogEvent> found = search.find(List.of(fn), List.of(ID), T0, T0 + 3_600_000L);

        assertThat(found.stream().map(LogEvent::message).distinct()).hasSize(150);
        assertThat(logs.requests).isNotEmpty().allSatisfy(r -> assertThat(r.filterPattern()).isEqualTo("\"" + ID + "\""));
        assertThat(errText()).isEqualTo("apigw-logs: Logs Insights cannot serve this search (more than 100 matching lines "
                + "within one second); reading /aws/lambda/fn0 with FilterLogEvents (--engine filter skips Insights)\n");
    }

    @Test
    void queriesBeyondTheConcurrentQuotaWaitInTheQueue() throws Exception {
        List<Source> sources = groups(400);   // 8 queries of 50 groups
        seedDay(sources);
        logs.concurrentQuota = 5;
        logs.othersRunning = 3;   // others hold 3 of the account's 5 slots
        logs.pollsBeforeComplete = 4;
        InsightsSearch search = search(false);

        List<LogEvent> found = search.find(sources, List.of(ID), T0, T0 + 86_400_000L);

        assertThat(found).hasSize(400);
        assertThat(logs.maxUnfinishedSeen).isEqualTo(2);
        assertThat(search.queries()).isEqualTo(8);
        assertThat(logs.queries.size()).isGreaterThan(8);   // refused starts, retried when a slot freed
        assertThat(logs.requests).isEmpty();
        assertThat(errText()).isEmpty();
    }

    @Test
    void atMostFourQueriesOfOursRunAtOnce() throws Exception {
        List<Source> sources = groups(500);
        seedDay(sources);
        logs.pollsBeforeComplete = 3;
        InsightsSearch search = search(false);

        assertThat(search.find(sources, List.of(ID), T0, T0 + 86_400_000L)).hasSize(500);
        assertThat(logs.maxUnfinishedSeen).isEqualTo(4);
        assertThat(logs.queries).hasSize(10);
    }

    @Test
    void aQuotaThatNeverFreesFallsBackAfterTheQueueTimeout() throws Exception {
        List<Source> sources = groups(2);
        seedDay(sources);
        logs.concurrentQuota = 1;
        logs.othersRunning = 1;
        InsightsSearch search = search(false);

        assertThat(search.find(sources, List.of(ID), T0, T0 + 86_400_000L)).hasSize(2);
        assertThat(errText()).startsWith("apigw-logs: Logs Insights cannot serve this search (the account's concurrent query "
                + "quota stayed full for 120 s (LimitExceededException)); reading /aws/lambda/fn0, /aws/lambda/fn1 with FilterLogEvents");
        assertThat(logs.requests).extracting(FilterLogEventsRequest::logGroupName).containsExactly("/aws/lambda/fn0", "/aws/lambda/fn1");
    }

    @Test
    void aMissingGroupIsFoundByHalvingAndReportedOnce() throws Exception {
        List<Source> sources = groups(6);
        seedDay(sources.subList(0, 4));
        seedDay(sources.subList(5, 6));   // fn4 does not exist
        InsightsSearch search = search(false);

        List<LogEvent> found = search.find(sources, List.of(ID), T0, T0 + 86_400_000L);

        assertThat(found).extracting(LogEvent::group).containsExactlyInAnyOrder("/aws/lambda/fn0", "/aws/lambda/fn1",
                "/aws/lambda/fn2", "/aws/lambda/fn3", "/aws/lambda/fn5");
        assertThat(errText()).isEqualTo("apigw-logs: log group /aws/lambda/fn4 (fn4) does not exist yet: has the function run yet?\n");
        assertThat(logs.requests).isEmpty();
    }

    @Test
    void aRefusedQueryFallsBackToFilterLogEventsInAutoModeAndIsAnErrorWhenForced() throws Exception {
        List<Source> sources = groups(2);
        seedDay(sources);
        logs.refuseStart = CloudWatchLogsException.builder().statusCode(400).message("not authorized")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage("not authorized to perform logs:StartQuery").build())
                .build();

        assertThat(search(false).find(sources, List.of(ID), T0, T0 + 86_400_000L)).hasSize(2);
        assertThat(errText()).isEqualTo("apigw-logs: Logs Insights cannot serve this search (StartQuery was refused "
                + "(AccessDeniedException)); reading /aws/lambda/fn0, /aws/lambda/fn1 with FilterLogEvents (--engine filter skips Insights)\n");

        assertThatThrownBy(() -> search(true).find(sources, List.of(ID), T0, T0 + 86_400_000L))
                .isInstanceOf(CliException.class).hasMessageStartingWith("Permission denied: logs:StartQuery on log groups "
                        + "/aws/lambda/fn0, /aws/lambda/fn1 (AccessDeniedException: not authorized to perform logs:StartQuery)")
                .extracting(e -> ((CliException) e).exitCode).isEqualTo(4);
    }

    @Test
    void aFailedCancelledOrTimedOutQueryFallsBack() throws Exception {
        for (QueryStatus status : List.of(QueryStatus.FAILED, QueryStatus.CANCELLED, QueryStatus.TIMEOUT)) {
            FakeLogs fresh = new FakeLogs();
            List<Source> sources = groups(1);
            fresh.put(sources.get(0).group(), "s", T0 + 10, ID + " x");
            fresh.endWith = status;
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(e, true, StandardCharsets.UTF_8);
            Pacer pacer = clock.pacer(4);
            List<LogEvent> found = new InsightsSearch(fresh, pacer, new GroupReader(fresh, pacer, ps), clock::millis, clock::sleep, ps, false)
                    .find(sources, List.of(ID), T0, T0 + 60_000);
            assertThat(found).hasSize(1);
            assertThat(e.toString(StandardCharsets.UTF_8)).contains("(the query ended " + status + ")");
        }
    }

    @Test
    void aQueryStillRunningAfterTheTimeoutIsStoppedAndRead() throws Exception {
        List<Source> sources = groups(1);
        logs.put(sources.get(0).group(), "s", T0 + 10, ID + " x");
        logs.pollsBeforeComplete = Integer.MAX_VALUE;
        InsightsSearch search = search(false);

        assertThat(search.find(sources, List.of(ID), T0, T0 + 60_000)).hasSize(1);
        assertThat(logs.stopped).containsExactly("q-1");
        assertThat(errText()).contains("(the query was still running after 300 s)");
    }

    @Test
    void anEngineThatIgnoresTheFilterAddsNoLineAndAFullResultFromItFallsBack() throws Exception {
        List<Source> sources = groups(3);
        seedDay(sources);
        logs.ignoreFilter = true;   // what moto 5.2.5 does
        InsightsSearch search = search(false);

        assertThat(search.find(sources, List.of(ID), T0, T0 + 86_400_000L)).hasSize(3)
                .allSatisfy(e -> assertThat(e.message()).contains(ID));
        assertThat(search.sawIgnoredFilter()).isTrue();
        assertThat(logs.requests).isEmpty();   // not full: the rows it returned are all there is

        search.rowLimit = 20;   // 30 lines in the range: full
        assertThat(search.find(sources, List.of(ID), T0, T0 + 86_400_000L)).hasSize(3);
        assertThat(errText()).contains("(Logs Insights returned lines that do not match the query's filter, and a full result)");
        assertThat(logs.requests).hasSize(3);

        // Forced, it narrows instead, and still finds each line once.
        InsightsSearch forced = search(true);
        forced.rowLimit = 20;
        assertThat(forced.find(sources, List.of(ID), T0, T0 + 86_400_000L)).hasSize(3);
    }

    @Test
    void rowsOfEqualTimestampsAtSliceEdgesAndControlCharactersComeBackExactlyOnce() throws Exception {
        Source fn = groups(1).get(0);
        String hostile = ID + " a\u001b[2Kb\u0000c\r\nd\u009b";
        for (int i = 0; i < 30; i++) {
            logs.put(fn.group(), "s", T0 + 1_000 * (i / 10), hostile + i);
        }
        InsightsSearch search = search(false);
        search.rowLimit = 12;

        List<LogEvent> found = search.find(List.of(fn), List.of(ID), T0, T0 + 10_000);

        assertThat(found).extracting(LogEvent::message).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 30).mapToObj(i -> hostile + i).collect(Collectors.toList()));
    }

    @Test
    void noIdThatCouldChangeTheQueryIsEverPutInOne() {
        assertThat(RequestFinder.searchable(ID)).isTrue();
        assertThat(RequestFinder.searchable("RtZ3kjQ2IAMEV5g=")).isTrue();
        for (String bad : List.of("a\" or @message like \"", "abc | limit 1", "abc\\\"", "abc def", "a\nb", "x".repeat(129), "ab")) {
            assertThat(RequestFinder.searchable(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> search(false).query(List.of("x\" | fields @message"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRequestIdThatCouldChangeAQueryIsAUsageErrorBeforeAnyCall() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream errs = new ByteArrayOutputStream();
        int code = new Cli(new java.io.ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(errs, true, StandardCharsets.UTF_8), (r, p, x) -> {
                    throw new AssertionError("no AWS call for a bad ID");
                }, () -> T0, false, ms -> { }).run("request", "x\" or @message like \"\u001b[2K", "--api-id", "a", "--stage", "s");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(errs.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow()).isEqualTo("apigw-logs: 'x\" or @message like "
                + "\"\\u001b[2K' is not a request ID: an API Gateway, extended or Lambda request ID is 4 to 128 letters, digits and - = + / _ . :");
    }
}
