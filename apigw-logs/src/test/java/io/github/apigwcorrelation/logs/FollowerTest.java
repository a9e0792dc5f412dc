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
        return new Follower(reader, sources, null, printer, clock::millis, 30_000, holdBack, 15_000);
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
    void aWindowPrintsItsFirstLinesBeforeTheLastPagesAreRead() throws Exception {
        for (int i = 0; i < 6; i++) {
            logs.put(FN.group(), "s", T0 + i * 10, "fn " + i);
            logs.put(EXEC.group(), "e", T0 + i * 10 + 5, "(A" + i + ") exec " + i);
        }
        logs.pageSize = 2;
        java.util.List<Integer> requestsAtEachLine = new java.util.ArrayList<>();
        logs.beforeEachRequest = () -> requestsAtEachLine.add(printed().size());

        follower(List.of(EXEC, FN), 0).printWindow(T0, T0 + 1_000);

        assertThat(printed()).extracting(FollowerTest::message).containsExactly(
                "fn 0", "(A0) exec 0", "fn 1", "(A1) exec 1", "fn 2", "(A2) exec 2", "fn 3", "(A3) exec 3", "fn 4", "(A4) exec 4", "fn 5", "(A5) exec 5");
        // 6 pages in all; lines were printed before the last page of each group was asked for.
        assertThat(requestsAtEachLine).hasSize(6);
        assertThat(requestsAtEachLine.get(requestsAtEachLine.size() - 1)).isGreaterThan(0);
    }

    @Test
    void watchPrintsEachEventOnceAndKeepsFollowingWhileTheFloorMovesOnIngestionTime() throws Exception {
        Follower f = follower(List.of(EXEC, FN), 0);
        f.startAt(T0);
        logs.put(FN.group(), "s1", T0 + 1_000, "first");
        logs.put(EXEC.group(), "e1", T0 + 2_000, "(A1) second");
        assertThat(f.poll()).isEqualTo(2);
        assertThat(f.poll()).isZero();   // the same events come back; nothing prints twice

        clock.now = T0 + 200_000;
        logs.put(FN.group(), "s2", T0 + 150_000, T0 + 150_005, "third, in a new log stream");
        assertThat(f.poll()).isEqualTo(1);
        assertThat(f.floor()).isEqualTo(T0 + 150_005 - 30_000);
        assertThat(printed()).extracting(FollowerTest::message).containsExactly("first", "(A1) second", "third, in a new log stream");
        // Only IDs at or above the floor are remembered, once every group was polled with it.
        assertThat(f.poll()).isZero();
        assertThat(f.remembered()).isEqualTo(1);
    }

    @Test
    void anEventStampedTwoHoursAheadPrintsOnArrivalAndDoesNotFreezeItsGroup() throws Exception {
        Follower f = follower(List.of(FN), 0);
        f.startAt(T0);
        clock.now = T0 + 10_000;
        logs.put(FN.group(), "s", T0 + 10_000 + 2 * 3_600_000L - 1, T0 + 10_000, "from a clock two hours fast");
        assertThat(f.poll()).isEqualTo(1);
        for (int i = 1; i <= 5; i++) {
            clock.now = T0 + 10_000 + i * 1_000;
            logs.put(FN.group(), "s", clock.now - 100, clock.now - 50, "on time " + i);
            assertThat(f.poll()).as("poll %d", i).isEqualTo(1);
        }
        assertThat(f.poll()).isZero();
        assertThat(printed()).extracting(FollowerTest::message).containsExactly("from a clock two hours fast",
                "on time 1", "on time 2", "on time 3", "on time 4", "on time 5");
    }

    @Test
    void eventsArrivingLaterThanTheLookBackArePrintedOnceByTheSweep() throws Exception {
        Follower f = follower(List.of(EXEC, FN), 0);
        clock.now = T0 + 1_000_000;
        f.startAt(clock.now - 5_000);
        for (int i = 0; i < 400; i++) {
            // Keep the groups busy so the floor moves with the clock, then drop in late events.
            logs.put(EXEC.group(), "e", clock.now - 200, clock.now - 100, "(A" + i + ") on time");
            if (i == 3) {
                logs.put(FN.group(), "s", clock.now - 5 * 60_000, clock.now - 50, "five minutes late");
            }
            if (i == 7) {
                logs.put(FN.group(), "s", clock.now - 3 * 86_400_000L, clock.now - 50, "three days late");
            }
            f.poll();
            clock.now += 1_000;
        }
        List<String> late = printed().stream().map(FollowerTest::message).filter(m -> m.contains("late")).collect(Collectors.toList());
        assertThat(late).containsExactly("five minutes late");
        // Three days late sits on the ladder's level 13 (30 s * 2^13); run the clock on to its sweep.
        for (int i = 0; i < 200 && printed().stream().noneMatch(l -> l.contains("three days late")); i++) {
            clock.now += 3_600_000L;
            f.poll();
        }
        assertThat(printed().stream().map(FollowerTest::message).filter(m -> m.contains("late")))
                .containsExactly("five minutes late", "three days late");
        assertThat(printed().stream().filter(l -> l.contains("on time"))).hasSize(400);
        assertThat(f.lateFound()).isEqualTo(2);
        for (int i = 0; i < 20; i++) {   // later sweeps find both again: neither prints twice
            clock.now += 86_400_000L;
            f.poll();
        }
        assertThat(printed().stream().filter(l -> l.contains("late"))).hasSize(2);
    }

    @Test
    void watchHoldsNewEventsUntilEveryGroupWasPolledAfterThem() throws Exception {
        clock.now = T0 + 10_000;
        Follower f = follower(List.of(EXEC, FN), 0);
        f.startAt(T0);
        f.poll();
        logs.put(FN.group(), "s", T0 + 10_500, T0 + 10_500, "lambda at 10.5 s");
        logs.put(EXEC.group(), "e", T0 + 10_400, T0 + 10_600, "(A1) apigw at 10.4 s, ingested later");
        clock.now = T0 + 11_000;
        assertThat(f.poll()).isEqualTo(2);
        assertThat(printed()).extracting(FollowerTest::message)
                .containsExactly("(A1) apigw at 10.4 s, ingested later", "lambda at 10.5 s");
    }

    @Test
    void activeFirstPollsQuietGroupsInTurnAndLosesNothingWhenATurnOutlastsTheLookBack() throws Exception {
        List<Source> groups = new java.util.ArrayList<>();
        for (int g = 0; g < 8; g++) {
            groups.add(new Source("fn" + g, "/aws/lambda/fn" + g, Source.Kind.LAMBDA));
            logs.createGroup("/aws/lambda/fn" + g);
        }
        Follower f = follower(groups, 0);
        f.pollActiveFirst(1, 60_000);
        clock.now = T0 + 10_000;
        f.startAt(T0);
        f.poll();
        assertThat(logs.requests).hasSize(8);   // every group is read in the first round

        clock.now += 61_000;
        // All quiet now: one group a round, in turn; fn0's new line makes it active.
        logs.put("/aws/lambda/fn0", "s", clock.now - 10, clock.now - 5, "busy again");
        logs.requests.clear();
        long before = clock.now;
        f.poll();
        assertThat(logs.requests.stream().filter(r -> r.endTime() > before)).extracting(FilterLogEventsRequest::logGroupName)
                .containsExactly("/aws/lambda/fn0");
        List<String> turns = new java.util.ArrayList<>();
        for (int round = 0; round < 30; round++) {
            logs.put("/aws/lambda/fn0", "s", clock.now - 10, clock.now - 5, "busy " + round);
            logs.requests.clear();
            long now = clock.now;
            f.poll();
            // The busy group every round, one quiet group in turn: 2 calls a round instead of 8 (the late
            // sweep aside, and the quiet group whose line was found, active for a minute after it).
            List<FilterLogEventsRequest> polls = logs.requests.stream().filter(r -> r.endTime() > now).collect(Collectors.toList());
            assertThat(polls.size()).isBetween(2, 3);
            assertThat(polls.get(0).logGroupName()).isEqualTo("/aws/lambda/fn0");
            String quiet = polls.get(polls.size() - 1).logGroupName();
            turns.add(quiet);
            if (round == 3) {
                // Written just after its group's turn: the next turn comes 70 s later, past the 30 s look-back.
                logs.put(quiet, "s", clock.now + 1, clock.now + 6, "quiet group's line");
            }
            clock.now += 10_000;
        }
        assertThat(turns.subList(0, 7)).doesNotHaveDuplicates().doesNotContain("/aws/lambda/fn0");
        assertThat(printed().stream().filter(l -> l.contains("quiet group's line"))).hasSize(1);
        assertThat(printed().stream().filter(l -> l.contains("busy"))).hasSize(31);
    }

    @Test
    void aSweepReadsOneGroupPerPollSoFollowingNeverStopsForARoundOfCalls() throws Exception {
        List<Source> groups = new java.util.ArrayList<>();
        for (int g = 0; g < 6; g++) {
            groups.add(new Source("fn" + g, "/aws/lambda/fn" + g, Source.Kind.LAMBDA));
            logs.createGroup("/aws/lambda/fn" + g);
        }
        Follower f = follower(groups, 0);
        clock.now = T0 + 1_000_000;
        f.startAt(clock.now - 5_000);
        java.util.Set<String> swept = new java.util.HashSet<>();
        for (int round = 0; round < 200; round++) {
            logs.requests.clear();
            long now = clock.now;
            f.poll();
            List<FilterLogEventsRequest> sweeps = logs.requests.stream().filter(r -> r.endTime() < now).collect(Collectors.toList());
            assertThat(sweeps).hasSizeLessThanOrEqualTo(1);
            sweeps.forEach(r -> swept.add(r.logGroupName()));
            clock.now += 1_000;
        }
        assertThat(swept).hasSize(6);
    }
}
