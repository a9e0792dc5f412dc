package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code request} past the first function against moto_server: a CloudFormation stack with the API's function,
 * a queue, its consumer (JSON lines) and an EventBridge target (Text lines), a REST API outside the stack, and
 * {@link HopsFixture}'s lines: the consumer's failed first attempt in a batch with another request's message,
 * its retry 30 s later, the notification, another request's invocation and forged record lines.
 */
@Tag("needs-tools")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MotoHopsTest {
    static final String STACK = "orders-hops";
    static final int WIDTH = "CreateOrderFunction".length();

    private MotoServer moto;
    private MotoApi aws;
    private HopsFixture fixture;
    private long t;

    @BeforeAll
    void deploy() throws Exception {
        moto = MotoServer.start();
        aws = new MotoApi(moto.endpoint());
        System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);
        t = (System.currentTimeMillis() / 1000) * 1000 - 10 * 60_000;
        fixture = HopsFixture.deploy(aws, STACK, t);
    }

    @AfterAll
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        try (MotoServer server = moto; MotoApi clients = aws) {
            // closed in reverse order: the clients, then the server
        }
    }

    MotoEndToEndTest.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--region", MotoApi.REGION, "--endpoint-url", moto.endpoint(), "--start", Printer.iso(t - 60_000), "--no-color"));
        return MotoEndToEndTest.runCli(all.toArray(new String[0]));
    }

    /** The stderr line of a hop search that reached now, with the window's end (2 h past the search) left open. */
    private String searched(String functions, String where) {
        return "apigw-logs: hops: searching " + functions + " for OriginRequestId " + HopsFixture.A + " from "
                + Printer.iso(t - 60_000).replace(".", "\\.") + " to \\S+ \\(the request's first line less 60 s to its last line "
                + "plus 1 h, which reaches now: to 2 h ahead, the latest time CloudWatch accepts; --follow-for changes it\\); "
                + where.replace("(", "\\(").replace(")", "\\)") + "\n";
    }

    @Test
    void withItsStackTheRequestIsFollowedThroughTheQueueTheRetryAndTheEventTarget() {
        MotoEndToEndTest.Result r = run("request", HopsFixture.A, "--api-id", fixture.api, "--stage", "prod", "--stack", STACK);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsExactlyElementsOf(fixture.expectedStory(WIDTH));
        assertThat(r.err()).matches(searched("2 functions \\(FulfilOrderFunction, NotifyFunction\\)",
                "stack orders-hops: 3 functions (1 the API's), 1 queue, 1 topic, 1 rule"));
    }

    @Test
    void withoutAStackTheRegionsSqsConsumersAreSearchedAndDownstreamAddsTheRest() {
        MotoEndToEndTest.Result consumers = run("request", HopsFixture.A, "--api-id", fixture.api, "--stage", "prod", "--stats");

        assertThat(consumers.code()).as(consumers.err()).isZero();
        // The queue's consumer is found through its event source mapping; the EventBridge target is not.
        assertThat(consumers.out()).anyMatch(l -> l.startsWith("  hop 2 · Lambda FulfilOrderFunction · " + HopsFixture.C2))
                .noneMatch(l -> l.startsWith("  hop 3")).noneMatch(l -> l.contains("NotifyFunction"))
                .anyMatch(l -> l.startsWith("hops: 2 · 1 FulfilOrderFunction " + HopsFixture.C1 + ", 495 ms after it was sent"));
        List<String> err = consumers.err().lines().collect(Collectors.toList());
        assertThat(err.get(0) + "\n").matches(searched("1 function \\(FulfilOrderFunction\\)", "no CloudFormation stack holds the API, "
                + "--stack names one; the region's SQS event source mappings: 1 mapping to 1 function"));
        assertThat(err.get(1)).startsWith("apigw-logs stats: ").contains("CloudFormation DescribeStackResources=1",
                "Lambda ListEventSourceMappings=1", "Lambda GetFunctionConfiguration=2");

        MotoEndToEndTest.Result all = run("request", HopsFixture.A, "--api-id", fixture.api, "--stage", "prod", "--downstream", "NotifyFunction");

        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).containsExactlyElementsOf(fixture.expectedStory(WIDTH));
        assertThat(all.err()).matches(searched("2 functions \\(NotifyFunction, FulfilOrderFunction\\)", "--downstream NotifyFunction; "
                + "no CloudFormation stack holds the API, --stack names one; the region's SQS event source mappings: 1 mapping to 1 function"));
    }

    @Test
    void jsonOutputCarriesEachHopAndItsRecords() {
        MotoEndToEndTest.Result r = run("request", HopsFixture.A, "--api-id", fixture.api, "--stage", "prod", "--stack", STACK, "--output", "json");

        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> summary = Json.parseObject(r.out().get(r.out().size() - 1));
        assertThat(summary).containsEntry("summary", true).containsEntry("apiGatewayRequestId", HopsFixture.A);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hops = (List<Map<String, Object>>) summary.get("hops");
        assertThat(hops).extracting(h -> h.get("function"), h -> h.get("lambdaRequestId"), h -> h.get("waitMs"), h -> h.get("waitFrom"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FulfilOrderFunction", HopsFixture.C1, 495, "sent"),
                        org.assertj.core.groups.Tuple.tuple("FulfilOrderFunction", HopsFixture.C2, 31_002, "sent"),
                        org.assertj.core.groups.Tuple.tuple("NotifyFunction", HopsFixture.N1, 190, "previous line"));
        assertThat(r.out().stream().map(Json::parseObject).filter(o -> "hop".equals(o.get("section"))))
                .allSatisfy(o -> assertThat(o.get("logGroup")).isIn(HopsFixture.FULFIL_GROUP, HopsFixture.NOTIFY_GROUP))
                .noneMatch(o -> String.valueOf(o.get("message")).contains(HopsFixture.OTHER));
    }

    @Test
    void noHopsSkipsTheSearchAndAMissingStackIsNamed() {
        MotoEndToEndTest.Result none = run("request", HopsFixture.A, "--api-id", fixture.api, "--stage", "prod", "--no-hops", "--stats");
        assertThat(none.code()).isZero();
        assertThat(none.out()).noneMatch(l -> l.startsWith("  hop ") || l.startsWith("hops:") || l.startsWith("chain:"));
        assertThat(none.err()).startsWith("apigw-logs stats: ").doesNotContain("CloudFormation", "ListEventSourceMappings");

        MotoEndToEndTest.Result missing = run("request", HopsFixture.A, "--api-id", fixture.api, "--stage", "prod", "--stack", "nope");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).isEqualTo("apigw-logs: No CloudFormation stack named 'nope' in this region "
                + "(cloudformation:ListStackResources). Check --stack and --region.\n");
    }
}
