package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;

/** Reading, merging and following log groups against a client that throttles, splits pages and receives late events. */
class FollowerTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final Source EXEC = new Source("execution", "API-Gateway-Execution-Logs_abc/prod", Source.Kind.EXECUTION);
    private static final Source FN = new Source("GetOrder", "/aws/lambda/GetOrder", Source.Kind.LAMBDA);

    private final FakeLogs logs = new FakeLogs();
    private final FakeClock clock = new FakeClock(T0 + 60_000);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Follower follower(List<Source> sources, long holdBack) {
        Printer printer = new Printer(new PrintStream(out, true, StandardCharsets.UTF_8), false, false,
                sources.stream().map(Source::label).collect(Collectors.toList()), clock::millis);
        GroupReader reader = new GroupReader(logs, clock.pacer(5), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Follower(reader, sources, null, printer, clock::millis, 30_000, holdBack);
    }

    private List<String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    /** The message part of a text line: after the time and the padded label. */
    private static String message(String line) {
        return line.substring(25).replaceFirst("^\\S+\\s+", "");
    }

    @Test
    void mergesGroupsByTimestampThenIngestionTimeThenEventId() throws Exception {
        logs.put(FN.group(), "s", T0 + 2, "START RequestId: L1 Version: $LATEST");
        logs.put(EXEC.group(), "e", T0 + 1, "(A1) Starting execution for request: A1");
        logs.put(EXEC.group(), "e", T0 + 2, "(A1) Endpoint request URI: https://lambda");   // same ms as START, written later
        logs.put(FN.group(), "s", T0 + 3, "END RequestId: L1");

        follower(List.of(EXEC, FN), 0).printWindow(T0, T0 + 10);

        assertThat(printed()).containsExactly(
                "2026-11-18T11:06:40.001Z execution (A1) Starting execution for request: A1",
                "2026-11-18T11:06:40.002Z GetOrder  START RequestId: L1 Version: $LATEST",
                "2026-11-18T11:06:40.002Z execution (A1) Endpoint request URI: https://lambda",
                "2026-11-18T11:06:40.003Z GetOrder  END RequestId: L1");
    }

    @Test
    void followsSplitPagesAndEmptyPagesThatCarryANextToken() throws Exception {
        for (int i = 0; i < 7; i++) {
            logs.put(FN.group(), "s", T0 + i, "line " + i);
        }
        logs.pageSize = 3;
        logs.emptyPagesBeforeData = 2;

        follower(List.of(FN), 0).printWindow(T0, T0 + 100);

        assertThat(printed()).extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
                .containsExactly("0", "1", "2", "3", "4", "5", "6");
        // 2 empty pages, then 3 + 3 + 1 events: 5 calls, each after the first sending the token it got.
        assertThat(logs.requests).extracting(FilterLogEventsRequest::nextToken)
                .containsExactly(null, "0:1", "0:0", "3:0", "6:0");
    }

    @Test
    void backsOffOnThrottlingAndKeepsTheRate() throws Exception {
        logs.put(FN.group(), "s", T0, "only line");
        logs.throttleNext = 3;

        follower(List.of(FN), 0).printWindow(T0, T0 + 100);

        assertThat(printed()).hasSize(1);
        assertThat(logs.requests).hasSize(4);
        // 5 calls/s is 200 ms apart; back-off doubles from 200 ms: the waits before calls 2, 3, 4.
        assertThat(clock.sleeps).containsExactly(200L, 400L, 800L);
    }

    @Test
    void givesUpAfterEightThrottledAttemptsNamingTheGroup() {
        logs.createGroup(FN.group());
        logs.throttleNext = 100;

        assertThatThrownBy(() -> follower(List.of(FN), 0).printWindow(T0, T0 + 100))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("logs:FilterLogEvents on /aws/lambda/GetOrder")
                .hasMessageContaining("after 8 attempts (ThrottlingException)");
        assertThat(logs.requests).hasSize(8);
    }

    @Test
    void readsAMissingGroupAsEmptyAndSaysWhyOnce() throws Exception {
        logs.put(FN.group(), "s", T0, "hello");
        Follower f = follower(List.of(EXEC, FN), 0);
        f.printWindow(T0, T0 + 100);
        f.printWindow(T0, T0 + 100);

        assertThat(printed()).hasSize(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("apigw-logs: log group API-Gateway-Execution-Logs_abc/prod (execution) does not exist yet: "
                        + "is execution logging (MethodSettings LoggingLevel INFO or ERROR) on for this stage, and has a request been made since?");
    }

    @Test
    void watchPrintsEachEventOnceWhileGroupStartTimesMoveForward() throws Exception {
        Follower f = follower(List.of(EXEC, FN), 0);
        f.startAt(T0);
        logs.put(FN.group(), "s1", T0 + 1_000, "first");
        logs.put(EXEC.group(), "e1", T0 + 2_000, "(A1) second");
        assertThat(f.poll()).isEqualTo(2);
        assertThat(f.poll()).isZero();   // the same events come back; nothing prints twice

        clock.now = T0 + 200_000;
        logs.put(FN.group(), "s2", T0 + 150_000, "third, in a new log stream");
        assertThat(f.poll()).isEqualTo(1);
        assertThat(f.cursors()).containsEntry(FN.group(), T0 + 150_000).containsEntry(EXEC.group(), T0 + 2_000);

        clock.now = T0 + 300_000;
        logs.put(FN.group(), "s2", T0 + 250_000, "fourth");
        assertThat(f.poll()).isEqualTo(1);

        // The function group is now queried from 250 s - 30 s look-back, no longer from the start.
        List<FilterLogEventsRequest> fn = logs.requests.stream().filter(r -> r.logGroupName().equals(FN.group()))
                .collect(Collectors.toList());
        assertThat(fn).extracting(FilterLogEventsRequest::startTime)
                .containsExactly(T0, T0, T0, T0 + 120_000);
        assertThat(printed()).extracting(FollowerTest::message).containsExactly(
                "first", "(A1) second", "third, in a new log stream", "fourth");
        // Only IDs inside each group's look-back are remembered: the function group's floor is now
        // 250 s - 30 s, so of its events only "fourth" is kept; the execution group keeps "second".
        assertThat(f.remembered()).isEqualTo(2);
    }

    @Test
    void watchPrintsALateEventThatLandsInsideTheLookBack() throws Exception {
        clock.now = T0 + 200_000;
        Follower f = follower(List.of(FN), 0);
        f.startAt(T0);
        logs.put(FN.group(), "s", T0 + 100_000, "on time");
        assertThat(f.poll()).isEqualTo(1);
        // Ingested after the poll, stamped 20 s before the newest event already printed.
        logs.put(FN.group(), "s", T0 + 80_000, "late");
        assertThat(f.poll()).isEqualTo(1);
        assertThat(f.poll()).isZero();
        assertThat(printed()).extracting(FollowerTest::message).containsExactly("on time", "late");
    }

    @Test
    void watchHoldsBackTheNewestEventsSoGroupsStayInOrder() throws Exception {
        clock.now = T0 + 10_000;
        Follower f = follower(List.of(EXEC, FN), 2_000);
        f.startAt(T0);
        logs.put(FN.group(), "s", T0 + 9_000, "lambda at 9 s");
        assertThat(f.poll()).isZero();   // newer than now - 2 s: held back
        logs.put(EXEC.group(), "e", T0 + 8_500, "(A1) apigw at 8.5 s, arrived late");
        clock.now = T0 + 12_000;
        assertThat(f.poll()).isEqualTo(2);
        assertThat(printed()).extracting(FollowerTest::message)
                .containsExactly("(A1) apigw at 8.5 s, arrived late", "lambda at 9 s");
    }
}
