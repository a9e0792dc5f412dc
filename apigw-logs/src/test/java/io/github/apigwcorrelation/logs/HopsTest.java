package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;

/**
 * {@code request} past the first function, on fake clients ({@link FakeLogs} honours Logs Insights' filter):
 * each hop as a section, the retry, the time from send to receive, the chain's waterfall, the window searched,
 * and what must never happen: another request's lines in the story, a value read from a line in a query, a
 * forged record taken for the library's, a raw control character on the terminal.
 */
class HopsTest {
    static final long T = 1_795_000_000_000L;
    static final String API = "k7t2q9w4ze";
    static final int WIDTH = "CreateOrderFunction".length();

    final FakeLogs logs = new FakeLogs();
    final FakeClock clock = new FakeClock(T + 10 * 60_000L);
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final HopsFixture fixture = new HopsFixture(T, API);
    final List<Source> apiSources = List.of(new Source("execution", fixture.execGroup(), Source.Kind.EXECUTION),
            new Source("access", HopsFixture.ACCESS_GROUP, Source.Kind.ACCESS),
            new Source("CreateOrderFunction", HopsFixture.CREATE_GROUP, Source.Kind.LAMBDA));
    final List<Source> downstream = List.of(new Source("FulfilOrderFunction", HopsFixture.FULFIL_GROUP, Source.Kind.LAMBDA),
            new Source("NotifyFunction", HopsFixture.NOTIFY_GROUP, Source.Kind.LAMBDA));
    long followFor = 3_600_000L;

    HopsTest() {
        fixture.seeds.forEach(s -> logs.put(s.group(), s.stream(), s.timestamp(), s.message()));
    }

    List<String> request(String id, String engine, boolean json) throws Exception {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Pacer pacer = clock.pacer(4);
        GroupReader reader = new GroupReader(logs, pacer, e);
        RequestFinder.Search search = engine.equals("filter") ? RequestFinder.filterLogEvents(reader)
                : new InsightsSearch(logs, pacer, reader, clock::millis, clock::sleep, e, true);
        RequestFinder finder = new RequestFinder(reader, search, apiSources).hops(new Hops.Plan(
                () -> new Downstream.Found(downstream, "--downstream FulfilOrderFunction, NotifyFunction"), followFor, clock::millis, e));
        List<Stories.Story> stories = finder.find(id, T - 3_600_000L, T + 3_600_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> labels = List.of("execution", "access", "CreateOrderFunction", "FulfilOrderFunction", "NotifyFunction");
        Printer p = new Printer(new PrintStream(out, true, StandardCharsets.UTF_8), json, false, labels, () -> 0L);
        stories.forEach(s -> Stories.print(s, p));
        return out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "--engine {0}")
    @ValueSource(strings = {"insights", "filter"})
    void theStoryGoesOnHopByHopWithTheRetryAndTheTimeFromSendToReceive(String engine) throws Exception {
        List<String> out = request(HopsFixture.A, engine, false);

        assertThat(out).containsExactlyElementsOf(fixture.expectedStory(WIDTH));
        // The end is 2 h past the moment of the hop search (the fake clock moves as the search waits).
        assertThat(errText()).matches("apigw-logs: hops: searching 2 functions \\(FulfilOrderFunction, NotifyFunction\\) for "
                + "OriginRequestId " + HopsFixture.A + " from " + Printer.iso(T - 60_000) + " to 2026-11-18T13:1\\d:\\d\\d\\.\\d{3}Z "
                + "\\(the request's first line less 60 s to its last line plus 1 h, which reaches now: to 2 h ahead, the latest time "
                + "CloudWatch accepts; --follow-for changes it\\); --downstream FulfilOrderFunction, NotifyFunction\n");
    }

    @Test
    void theFirstFunctionsLambdaIdLeadsToTheSameChain() throws Exception {
        assertThat(request(HopsFixture.L, "insights", false)).containsExactlyElementsOf(fixture.expectedStory(WIDTH));
    }

    @Test
    void nothingOfAnotherRequestShowsNorAnyForgedRecord() throws Exception {
        String out = String.join("\n", request(HopsFixture.A, "insights", false));

        // The other request's message in the first batch, its own invocation, and its ID-less line.
        assertThat(out).doesNotContain(HopsFixture.M9, HopsFixture.M10, HopsFixture.OTHER, HopsFixture.C3,
                "fulfilling order 9", "fulfilling order 10", "pallet 7 scanned");
        // Record-shaped lines from the handler (its logger, or a raw line with another Lambda ID) are shown as its
        // lines, never taken for a record: order 42's message is received twice, nothing else is.
        assertThat(out).contains("forged-1", "forged-2", "forged-3");
        assertThat(out.lines().filter(l -> l.startsWith("    message "))).hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("    message " + HopsFixture.M1));
    }

    @Test
    void controlCharactersInAHopsLinesStayEscaped() throws Exception {
        String out = String.join("\n", request(HopsFixture.A, "insights", false));

        assertThat(out).contains("mail body: \\u001b]0;pwned\\u0007 sent").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void noValueReadFromALineGoesIntoAQuery() throws Exception {
        // A consumer's lines carry whatever a sender put in the message attribute, and a line can claim any ID.
        String hostile = "x\\\" or @message like \\\"";
        logs.put(HopsFixture.FULFIL_GROUP, HopsFixture.FULFIL_STREAM, T + 796, "{\"level\":\"INFO\",\"message\":\"from " + HopsFixture.A
                + "\",\"logger\":\"x\",\"AWSRequestId\":\"" + HopsFixture.C1 + "\",\"ApiGatewayRequestId\":\"" + hostile
                + "\",\"OriginRequestId\":\"" + hostile + "\"}");

        request(HopsFixture.A, "insights", false);
        request(HopsFixture.A, "filter", false);

        List<String> terms = new ArrayList<>();
        for (StartQueryRequest q : logs.queries) {
            Matcher m = Pattern.compile("@message like \"([^\"]*)\"").matcher(q.queryString());
            while (m.find()) {
                terms.add(m.group(1));
            }
        }
        logs.requests.stream().map(FilterLogEventsRequest::filterPattern).filter(p -> p != null).forEach(terms::add);
        assertThat(terms).isNotEmpty().allSatisfy(t -> assertThat(t).isIn(HopsFixture.A, HopsFixture.L, "\"" + HopsFixture.A + "\"",
                "\"" + HopsFixture.L + "\""));
    }

    @Test
    void aHopPastTheFollowWindowIsNotSearchedAndStderrNamesTheWindow() throws Exception {
        clock.now = T + 3 * 86_400_000L;
        followFor = 10_000;

        List<String> out = request(HopsFixture.A, "insights", false);

        // The request's last found line is the access entry at t+310: the window ends 10 s later. The retry, 31 s
        // on in the first hop's log stream, comes with the stream (read 15 minutes around what was found); the
        // notifier, in a group of its own, is not searched that late.
        assertThat(out).anyMatch(l -> l.startsWith("  hop 1 · Lambda FulfilOrderFunction · " + HopsFixture.C1))
                .anyMatch(l -> l.startsWith("  hop 2 · Lambda FulfilOrderFunction · " + HopsFixture.C2))
                .noneMatch(l -> l.contains("NotifyFunction"));
        assertThat(errText()).contains(" from " + Printer.iso(T - 60_000) + " to " + Printer.iso(T + 310 + 10_000)
                + " (the request's first line less 60 s to its last line plus 10 s; --follow-for changes it)");
        StartQueryRequest hopQuery = logs.queries.get(logs.queries.size() - 1);
        assertThat(hopQuery.logGroupNames()).containsExactly(HopsFixture.FULFIL_GROUP, HopsFixture.NOTIFY_GROUP);
        assertThat(hopQuery.startTime()).isEqualTo((T - 60_000) / 1000);
        assertThat(hopQuery.endTime()).isEqualTo((T + 310 + 10_000 + 999) / 1000);
    }

    @Test
    void aHopStampedTwoHoursAheadAndOneIngestedLateArePartOfTheChain() throws Exception {
        long ahead = clock.millis() + 2 * 3_600_000L - 60_000;   // a fast clock, within what CloudWatch accepts
        String fast = "0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d";
        logs.put(HopsFixture.NOTIFY_GROUP, "2026/11/27/[$LATEST]fast", ahead, "START RequestId: " + fast + " Version: $LATEST");
        logs.put(HopsFixture.NOTIFY_GROUP, "2026/11/27/[$LATEST]fast", ahead + 1, Printer.iso(ahead + 1) + " " + fast + " APIG: - ORIGIN: "
                + HopsFixture.A + " - INFO  NotifyHandler - reminder for order 42");
        logs.put(HopsFixture.NOTIFY_GROUP, "2026/11/27/[$LATEST]fast", ahead + 2, "REPORT RequestId: " + fast + "\tDuration: 3.00 ms");
        String late = "1a1b1c1d-1e1f-4a1b-8c2d-3e4f5a6b7c8d";
        long at = T + 120_000;   // written 2 minutes after the request, ingested 5 minutes after that
        logs.put(HopsFixture.NOTIFY_GROUP, "2026/11/27/[$LATEST]late", at, at + 300_000, "START RequestId: " + late + " Version: $LATEST");
        logs.put(HopsFixture.NOTIFY_GROUP, "2026/11/27/[$LATEST]late", at + 1, at + 300_000, Printer.iso(at + 1) + " " + late
                + " APIG: - ORIGIN: " + HopsFixture.A + " - INFO  NotifyHandler - late line for order 42");
        logs.put(HopsFixture.NOTIFY_GROUP, "2026/11/27/[$LATEST]late", at + 2, at + 300_000, "REPORT RequestId: " + late + "\tDuration: 2.00 ms");

        List<String> out = request(HopsFixture.A, "insights", false);

        assertThat(out).anyMatch(l -> l.startsWith("  hop 4 · Lambda NotifyFunction · " + late))
                .anyMatch(l -> l.startsWith("  hop 5 · Lambda NotifyFunction · " + fast))
                .anyMatch(l -> l.endsWith("reminder for order 42")).anyMatch(l -> l.endsWith("late line for order 42"));
        assertThat(out.stream().filter(l -> l.contains("reminder for order 42"))).hasSize(1);
    }

    @Test
    void jsonOutputCarriesTheHopsAndMarksTheirLines() throws Exception {
        List<String> out = request(HopsFixture.A, "insights", true);

        List<Map<String, Object>> objects = out.stream().map(Json::parseObject).collect(Collectors.toList());
        assertThat(objects).allSatisfy(o -> assertThat(o).isNotNull());
        assertThat(objects.stream().filter(o -> "hop".equals(o.get("section"))).map(o -> o.get("hop")).distinct())
                .containsExactly(1, 2, 3);
        Map<String, Object> summary = objects.get(objects.size() - 1);
        assertThat(summary).containsEntry("summary", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hops = (List<Map<String, Object>>) summary.get("hops");
        assertThat(hops).hasSize(3);
        assertThat(hops.get(0)).containsEntry("function", "FulfilOrderFunction").containsEntry("lambdaRequestId", HopsFixture.C1)
                .containsEntry("waitMs", 495).containsEntry("waitFrom", "sent").containsEntry("coldStart", true)
                .containsEntry("initDurationMs", 350.12).containsEntry("otherRequestsLinesLeftOut", 2)
                .containsEntry("idlessLinesLeftOut", 1);
        assertThat(hops.get(0).get("records")).isEqualTo(List.of(Map.of("messageId", HopsFixture.M1, "attempt", 1, "failed", true,
                "sentAt", Printer.iso(T + 300), "receivedAt", Printer.iso(T + 795), "waitMs", 495)));
        assertThat(hops.get(1)).containsEntry("waitMs", 31_002).containsEntry("coldStart", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> retry = ((List<Map<String, Object>>) hops.get(1).get("records")).get(0);
        assertThat(retry).containsEntry("attempt", 2).containsEntry("failed", false);
        assertThat(hops.get(2)).containsEntry("function", "NotifyFunction").containsEntry("waitMs", 190)
                .containsEntry("waitFrom", "previous line").containsEntry("records", List.of());
    }

    @Test
    void aMessageSentBeforeTheRequestBeganIsFlagged() {
        // Whoever may send to the queue can set OriginRequestId: a message sent before the request existed only claims it.
        List<LogEvent> events = new ArrayList<>();
        for (HopsFixture.Seed s : fixture.seeds) {
            if (s.group().equals(fixture.execGroup()) || s.group().equals(HopsFixture.ACCESS_GROUP) || s.group().equals(HopsFixture.CREATE_GROUP)) {
                events.add(event(s.group(), s.stream(), s.timestamp(), s.message()));
            }
        }
        String c = "9c9c9c9c-0000-4000-8000-000000000001";
        String g = HopsFixture.FULFIL_GROUP;
        events.add(event(g, "s", T + 1_000, "START RequestId: " + c + " Version: $LATEST"));
        events.add(event(g, "s", T + 1_001, "{\"level\":\"INFO\",\"message\":\"Record: Message ID: early-1 Origin Request ID: " + HopsFixture.A
                + " Lambda Request ID: " + c + " Sent: " + Printer.iso(T - 60_000) + " (61001 ms ago)\",\"logger\":\""
                + HopsFixture.LIBRARY + "\",\"AWSRequestId\":\"" + c + "\",\"OriginRequestId\":\"" + HopsFixture.A + "\"}"));
        events.add(event(g, "s", T + 1_002, "REPORT RequestId: " + c + "\tDuration: 1.00 ms"));
        events.sort(LogEvent.ORDER);
        List<Stories.Story> stories = Stories.build(events);
        Stories.attachHops(stories);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Printer p = new Printer(new PrintStream(out, true, StandardCharsets.UTF_8), false, false, List.of("FulfilOrderFunction"), () -> 0L);
        stories.stream().filter(s -> s.mentions(HopsFixture.A)).forEach(s -> Stories.print(s, p));

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains("    message early-1: sent " + Printer.iso(T - 60_000)
                + ", received " + Printer.iso(T + 1_001) + ", 61001 ms later; sent before the request began: it only claims this origin")
                .anyMatch(l -> l.startsWith("hops: 1 · 1 FulfilOrderFunction " + c) && l.endsWith(", sent before the request began"))
                // Its bar has a length but no place: it would start before the chain does.
                .anyMatch(l -> l.startsWith("  hop 1 FulfilOrderFunction waited    61001 ms |░")
                        && l.endsWith("| start unknown (sent before the request began)"));
    }

    private static LogEvent event(String group, String stream, long ts, String message) {
        String label = group.substring(group.lastIndexOf('/') + 1);
        Source.Kind kind = group.startsWith("API-Gateway") ? Source.Kind.EXECUTION
                : group.equals(HopsFixture.ACCESS_GROUP) ? Source.Kind.ACCESS : Source.Kind.LAMBDA;
        return new LogEvent(label, group, stream, ts, ts + 5, Long.toString(ts), message, kind);
    }
}
