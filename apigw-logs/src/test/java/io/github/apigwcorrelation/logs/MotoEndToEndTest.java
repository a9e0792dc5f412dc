package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * The three commands against moto_server, seeded with a REST API whose two routes call two functions
 * (one through an alias, one logging to its LoggingConfig.LogGroup in JSON), and log events written
 * the way API Gateway and Lambda write them, including a timestamp shared by two groups.
 */
@Tag("needs-tools")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MotoEndToEndTest {
    static final String A1 = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    static final String E1 = "RtZ3kjQ2IAMEV5g=";
    static final String L1 = "17e2e82d-2c77-4a6d-b251-546905c5334a";
    static final String A2 = "c0a8e6d1-4f2b-4e7a-9d3c-2b1f0e9a8c77";
    static final String E2 = "Ru1bXFaPoAMEbQw=";
    static final String L2 = "773bd3c9-79af-4419-b21d-7424b60331fc";
    static final String GET_GROUP = "/aws/lambda/orders-stack/GetOrderFunction";
    static final String CREATE_GROUP = "/aws/lambda/CreateOrderFunction";
    static final String ACCESS_GROUP = "/aws/apigateway/orders-stack/rest-access";
    static final String EXEC_STREAM = "3c59dc048e8850243be8079a5c74d079";
    static final String GET_STREAM = "2026/11/21/[$LATEST]8f14e45fceea167a5a36dedd4bea2543";
    static final String GET_STREAM_ATTACKER = "2026/11/21/[$LATEST]0000000000000000000000000000attk";
    static final String CREATE_STREAM = "2026/11/21/[1]c9f0f895fb98ab9159f51fd0297e236d";
    static final int WIDTH = "CreateOrderFunction".length();

    private MotoServer moto;
    private LoggingConfigProxy proxy;
    private MotoApi aws;
    private String api;
    private String execGroup;
    private long t1;
    private long t2;
    /** Every seeded event as the text line `get` must print for it, in the order seeded. */
    private final List<long[]> seededTimes = new ArrayList<>();
    private final List<String> seededLines = new ArrayList<>();

    @BeforeAll
    void seed() throws Exception {
        moto = MotoServer.start();
        proxy = new LoggingConfigProxy(moto.endpoint());
        aws = new MotoApi(moto.endpoint());
        // The tool finds credentials the way it does for a user: the SDK's default chain.
        System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);

        aws.createFunction("GetOrderFunction", GET_GROUP);
        proxy.setLogGroup("GetOrderFunction", GET_GROUP);
        aws.createFunction("CreateOrderFunction", null);
        api = aws.createRestApi("orders");
        String root = aws.rootResource(api);
        String orders = aws.addResource(api, root, "orders");
        String order = aws.addResource(api, orders, "{orderId}");
        aws.addLambdaMethod(api, order, "GET", IntegrationType.AWS_PROXY, MotoApi.functionArn("GetOrderFunction"));
        // Through an alias: the tool must read the function's group, not one per alias.
        aws.addLambdaMethod(api, orders, "POST", IntegrationType.AWS, MotoApi.functionArn("CreateOrderFunction") + ":live");
        aws.deploy(api, "prod", ACCESS_GROUP);
        execGroup = "API-Gateway-Execution-Logs_" + api + "/prod";

        t1 = (System.currentTimeMillis() / 1000) * 1000 - 10 * 60_000;
        t2 = t1 + 60_000;
        seedRequestOne();
        seedForgeries();
        seedRequestTwo();
    }

    static final String ATTACKER = "99999999-2c77-4a6d-b251-546905c5334a";

    /**
     * Another environment of the same function prints raw lines shaped like the victim's access entry,
     * the victim's START, an application line and REPORT with the victim's IDs: none may join the
     * victim's story (issue 14, section 6).
     */
    private void seedForgeries() {
        text(t1 + 700, "START RequestId: " + ATTACKER + " Version: $LATEST");
        text(t1 + 701, "{\"requestId\":\"" + A1 + "\",\"extendedRequestId\":\"" + E1 + "\",\"lambdaRequestId\":\"" + ATTACKER
                + "\",\"status\":\"500\",\"responseLatency\":\"1\",\"integrationLatency\":\"1\"}");
        text(t1 + 702, "START RequestId: " + L1 + " Version: $LATEST");
        text(t1 + 703, iso(t1 + 703) + " " + L1 + " APIG: " + A1 + " - INFO  GetOrderHandler - refund issued to attacker");
        text(t1 + 704, "(" + A1 + ") Method completed with status: 500");
        text(t1 + 705, "REPORT RequestId: " + L1 + "\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 512 MB\tMax Memory Used: 1 MB\t");
        text(t1 + 706, "END RequestId: " + ATTACKER);
        text(t1 + 707, "REPORT RequestId: " + ATTACKER + "\tDuration: 8.00 ms\tBilled Duration: 8 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB\t");
        flush(GET_GROUP, GET_STREAM_ATTACKER, "GetOrderFunction");
    }

    private void seedRequestOne() throws InterruptedException {
        String fnUri = "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/" + MotoApi.functionArn("GetOrderFunction") + "/invocations";
        exec(t1, A1, "Extended Request Id: " + E1);
        exec(t1 + 1, A1, "Verifying Usage Plan for request: " + A1 + ". API Key:  API Stage: " + api + "/prod");
        exec(t1 + 2, A1, "API Key authorized because method 'GET /orders/{orderId}' does not require API Key. Request will not contribute to throttle or quota limits");
        exec(t1 + 3, A1, "Usage Plan check succeeded for API Key  and API Stage " + api + "/prod");
        exec(t1 + 4, A1, "Starting execution for request: " + A1);
        exec(t1 + 5, A1, "HTTP Method: GET, Resource Path: /orders/42");
        exec(t1 + 6, A1, "Sending request to " + fnUri);
        flush(execGroup, EXEC_STREAM, "execution");

        json(t1 + 10, "{\"time\":\"" + iso(t1 + 10) + "\",\"type\":\"platform.initStart\",\"record\":{\"initializationType\":\"on-demand\",\"phase\":\"init\",\"runtimeVersion\":\"java:21.v30\",\"functionName\":\"GetOrderFunction\",\"functionVersion\":\"$LATEST\"}}");
        json(t1 + 480, "{\"time\":\"" + iso(t1 + 480) + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"" + L1 + "\",\"version\":\"$LATEST\"}}");
        json(t1 + 530, app(t1 + 530, "API Gateway Request ID: " + A1 + " Lambda Request ID: " + L1, "io.github.apigwcorrelation.Correlation", L1, A1, E1));
        json(t1 + 531, app(t1 + 531, "GET order 42", "com.example.orders.GetOrderHandler", L1, A1, E1));
        json(t1 + 540, "{\"time\":\"" + iso(t1 + 540) + "\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"" + L1 + "\",\"status\":\"success\",\"metrics\":{\"durationMs\":58.2,\"producedBytes\":112}}}");
        json(t1 + 541, "{\"time\":\"" + iso(t1 + 541) + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"" + L1 + "\",\"metrics\":{\"durationMs\":60.47,\"billedDurationMs\":61,\"memorySizeMB\":512,\"maxMemoryUsedMB\":131,\"initDurationMs\":468.91},\"status\":\"success\"}}");
        flush(GET_GROUP, GET_STREAM, "GetOrderFunction");
        Thread.sleep(20);   // the execution line below shares REPORT's timestamp; it is ingested later

        exec(t1 + 541, A1, "Received response. Status: 200, Integration latency: 534 ms");
        exec(t1 + 542, A1, "Method completed with status: 200");
        exec(t1 + 543, A1, "AWS Integration Endpoint RequestId : " + L1);
        exec(t1 + 544, A1, "X-ray Tracing ID : Root=1-6660bcf9-027e50c6c72ac166edbf23cd");
        flush(execGroup, EXEC_STREAM, "execution");
        access(t1 + 545, A1, E1, L1, "200", "545", "534");
    }

    private void seedRequestTwo() {
        exec(t2, A2, "Extended Request Id: " + E2);
        exec(t2 + 4, A2, "Starting execution for request: " + A2);
        exec(t2 + 5, A2, "HTTP Method: POST, Resource Path: /orders");
        exec(t2 + 6, A2, "Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
                + MotoApi.functionArn("CreateOrderFunction") + ":live/invocations");
        flush(execGroup, EXEC_STREAM, "execution");
        text(t2 + 10, "START RequestId: " + L2 + " Version: 1");
        text(t2 + 12, iso(t2 + 12) + " " + L2 + " APIG: " + A2 + " - INFO  Correlation - API Gateway Request ID: " + A2 + " Lambda Request ID: " + L2);
        text(t2 + 13, iso(t2 + 13) + " " + L2 + " APIG: " + A2 + " - INFO  CreateOrderHandler - POST order for customer 7");
        text(t2 + 14, "pricing with rule set v7");   // System.out: no IDs, still part of this invocation
        text(t2 + 20, "END RequestId: " + L2);
        text(t2 + 21, "REPORT RequestId: " + L2 + "\tDuration: 9.81 ms\tBilled Duration: 10 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB\t");
        flush(CREATE_GROUP, CREATE_STREAM, "CreateOrderFunction");
        exec(t2 + 22, A2, "Endpoint response headers: {Date=Sat, 21 Nov 2026 19:31:06 GMT, Content-Type=application/json, Content-Length=45, "
                + "Connection=keep-alive, x-amzn-RequestId=" + L2 + ", x-amzn-Remapped-Content-Length=0, X-Amz-Executed-Version=1, "
                + "X-Amzn-Trace-Id=root=1-6660bcf9-127e50c6c72ac166edbf23cd;sampled=0}");
        exec(t2 + 22, A2, "Received response. Status: 200, Integration latency: 12 ms");
        exec(t2 + 23, A2, "Method completed with status: 201");
        flush(execGroup, EXEC_STREAM, "execution");
        access(t2 + 24, A2, E2, L2, "201", "25", "12");
    }

    private final List<Object[]> pending = new ArrayList<>();

    private void exec(long ts, String id, String message) {
        pending.add(new Object[] {ts, "(" + id + ") " + message});
    }

    private void json(long ts, String message) {
        pending.add(new Object[] {ts, message});
    }

    private void text(long ts, String message) {
        pending.add(new Object[] {ts, message});
    }

    private void flush(String group, String stream, String label) {
        MotoApi.Stream s = aws.stream(group, stream);
        for (Object[] p : pending) {
            s.add((Long) p[0], (String) p[1]);
            seededTimes.add(new long[] {(Long) p[0]});
            seededLines.add(Printer.iso((Long) p[0]) + " " + pad(label) + " " + p[1]);
        }
        s.write();
        pending.clear();
    }

    private void access(long ts, String id, String ext, String lambdaId, String status, String latency, String integration) {
        json(ts, "{\"requestId\":\"" + id + "\",\"extendedRequestId\":\"" + ext + "\",\"lambdaRequestId\":\"" + lambdaId
                + "\",\"status\":\"" + status + "\",\"responseLatency\":\"" + latency + "\",\"integrationLatency\":\"" + integration + "\"}");
        flush(ACCESS_GROUP, "e4da3b7fbbce2345d7772b0674a318d5", "access");
    }

    private static String app(long ts, String message, String logger, String lambdaId, String apigwId, String ext) {
        return "{\"timestamp\":\"" + iso(ts) + "\",\"level\":\"INFO\",\"message\":\"" + message + "\",\"logger\":\"" + logger
                + "\",\"AWSRequestId\":\"" + lambdaId + "\",\"ApiGatewayRequestId\":\"" + apigwId
                + "\",\"ApiGatewayExtendedRequestId\":\"" + ext + "\"}";
    }

    static String iso(long ms) {
        return Printer.iso(ms);
    }

    static String pad(String s) {
        return String.format("%-" + WIDTH + "s", s);
    }

    @AfterAll
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (aws != null) {
            aws.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    record Result(int code, List<String> out, String err) {
    }

    Result run(String... args) {
        return runCli(withEndpoint(args));
    }

    /** Runs the command line with the real clients; stderr without the export note every moto discovery prints. */
    static Result runCli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clients::create, System::currentTimeMillis, false,
                Thread::sleep).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList()),
                withoutExportNote(err.toString(StandardCharsets.UTF_8)));
    }

    /**
     * moto 5.2.5's GetExport leaves out the integrations, so the tool says it reads the current ones:
     * that note is expected, exactly once, wherever the REST API is discovered.
     */
    static String withoutExportNote(String err) {
        // moto's ExportApi (HTTP APIs) does not exist: the same fallback, said the same way.
        return err.replaceFirst("apigw-logs: the export of the deployment REST API \\w+/prod "
                + "serves holds no integrations; reading the API's current integrations\n", "")
                .replaceFirst("apigw-logs: cannot export the deployment HTTP API \\w+/\\S+ serves \\([\\w ]*\\); "
                + "reading the API's current integrations\n", "")
                .replaceFirst("apigw-logs: cannot list the authorizers of (HTTP|WebSocket) API \\w+ \\([\\w ]*\\); "
                + "their functions are not read\n", "");
    }

    /**
     * What {@code request} says on stderr of its hops for an API no CloudFormation stack holds (moto's
     * DescribeStackResources answers ValidationError) in a region without SQS consumers.
     */
    static final String NO_HOPS = "apigw-logs: hops: no function past the API's to search; no CloudFormation stack holds the API, "
            + "--stack names one; the region's SQS event source mappings: 0 mappings to 0 functions; --downstream names one\n";

    String[] withEndpoint(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--region", MotoApi.REGION, "--endpoint-url", proxy.endpoint()));
        return all.toArray(new String[0]);
    }

    String window() {
        return "--start=" + iso(t1 - 1000);
    }

    @Test
    void getMergesEveryGroupOfTheStageInTimeOrder() {
        Result r = run("get", "--api-id", api, "--stage", "prod", window(), "--end", iso(t2 + 1000), "--no-color");

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        List<String> expected = new ArrayList<>(seededLines);
        // Stable sort by timestamp: the seeded order already puts REPORT before the execution line of the
        // same millisecond, which was ingested 20 ms later.
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            idx.add(i);
        }
        idx.sort((a, b) -> Long.compare(seededTimes.get(a)[0], seededTimes.get(b)[0]));
        assertThat(r.out()).containsExactlyElementsOf(idx.stream().map(seededLines::get).collect(Collectors.toList()));
        // The shared millisecond: GetOrderFunction's REPORT, then API Gateway's "Received response".
        int report = indexOf(r.out(), "platform.report");
        assertThat(r.out().get(report + 1)).contains("execution").contains("Received response. Status: 200");
        assertThat(r.out().get(report)).startsWith(iso(t1 + 541) + " GetOrderFunction");
    }

    @Test
    void getJsonOrdersByTimestampThenIngestionTimeThenEventId() {
        Result r = run("get", "--api-id", api, "--stage", "prod", window(), "--output", "json");

        assertThat(r.code()).isZero();
        List<Map<String, Object>> events = r.out().stream().map(Json::parseObject).collect(Collectors.toList());
        assertThat(events).hasSize(seededLines.size());
        for (int i = 1; i < events.size(); i++) {
            LogEvent a = asEvent(events.get(i - 1));
            LogEvent b = asEvent(events.get(i));
            assertThat(LogEvent.ORDER.compare(a, b)).as("line %d before line %d", i - 1, i).isNegative();
        }
        Map<String, Object> report = events.stream().filter(e -> Json.text(e, "message").contains("platform.report")).findFirst().orElseThrow();
        assertThat(report).containsEntry("source", "GetOrderFunction").containsEntry("logGroup", GET_GROUP)
                .containsEntry("kind", "report").containsEntry("lambdaRequestId", L1);
    }

    private static LogEvent asEvent(Map<String, Object> e) {
        return new LogEvent(Json.text(e, "source"), Json.text(e, "logGroup"), Json.text(e, "logStream"),
                Long.parseLong(Json.text(e, "timestamp")), Long.parseLong(Json.text(e, "ingestionTime")),
                Json.text(e, "eventId"), Json.text(e, "message"), Source.Kind.LAMBDA);
    }

    private static int indexOf(List<String> lines, String needle) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError("no line contains " + needle + ": " + lines);
    }

    private List<String> expectedStoryOne() {
        List<String> s = new ArrayList<>();
        s.add("request " + A1 + " (extended " + E1 + ")");
        s.add("  API Gateway execution log · " + execGroup);
        seededLines.stream().filter(l -> l.contains("execution") && l.contains("(" + A1 + ")"))
                .forEach(l -> s.add("    " + l));
        s.add("  access log · " + ACCESS_GROUP);
        seededLines.stream().filter(l -> l.contains(" access ") && l.contains(A1)).forEach(l -> s.add("    " + l));
        s.add("  Lambda GetOrderFunction · " + L1 + " · " + GET_GROUP + " · " + GET_STREAM);
        seededLines.stream().filter(l -> l.contains("GetOrderFunction ") && (l.contains(L1) || l.contains("platform.initStart")) && !l.contains("attacker")
                && !l.contains("Duration: 1.00 ms") && !l.startsWith(iso(t1 + 702))).forEach(l -> s.add("    " + l));
        s.add("summary: request " + A1 + " · status 200 · latency 545 ms · integration 534 ms · GetOrderFunction " + L1
                + " 60.47 ms, cold start (init 468.91 ms)");
        s.addAll(COLD_WATERFALL);
        return s;
    }

    /** From the seeded figures: first line t1, Sending t1+6, responseLatency 545, integration 534, REPORT 60.47 + init 468.91. */
    static final List<String> COLD_WATERFALL = List.of(
            "waterfall: 545 ms from the first API Gateway line to the response (access log responseLatency), cold start",
            "  API Gateway before the integration      6 ms |█                                       | at 0 ms",
            "  integration (to Lambda and back)      534 ms |████████████████████████████████████████| at 6 ms",
            "  Lambda init (cold start)           468.91 ms |███████████████████████████████████     | at 6 ms",
            "  GetOrderFunction handler            60.47 ms |                                  █████ | at 474.91 ms",
            "  Lambda service (invoke, network)     4.62 ms |                                       █| at 535.38 ms",
            "  API Gateway after the integration       5 ms |                                       █| at 540 ms");

    /** First line t2, Sending t2+6, responseLatency 25, integration 12, REPORT 9.81 without init. */
    static final List<String> WARM_WATERFALL = List.of(
            "waterfall: 25 ms from the first API Gateway line to the response (access log responseLatency), warm",
            "  API Gateway before the integration      6 ms |██████████                              | at 0 ms",
            "  integration (to Lambda and back)       12 ms |         ████████████████████           | at 6 ms",
            "  Lambda init: none (warm)                0 ms |                                        | at 6 ms",
            "  CreateOrderFunction handler          9.81 ms |         ████████████████               | at 6 ms",
            "  Lambda service (invoke, network)     2.19 ms |                         ████           | at 15.81 ms",
            "  API Gateway after the integration       7 ms |                            ████████████| at 18 ms");

    @Test
    void requestByApiGatewayIdTellsTheWholeStory() {
        Result r = run("request", A1, "--api-id", api, "--stage", "prod", window(), "--no-color");

        assertThat(r.err()).isEqualTo(NO_HOPS);
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsExactlyElementsOf(expectedStoryOne());
    }

    @Test
    void requestByLambdaIdFindsTheApiGatewaySideAndIdlessLines() {
        Result r = run("request", L2, "--api-id", api, "--stage", "prod", window(), "--no-color");

        assertThat(r.code()).isZero();
        List<String> expected = new ArrayList<>();
        expected.add("request " + A2 + " (extended " + E2 + ")");
        expected.add("  API Gateway execution log · " + execGroup);
        seededLines.stream().filter(l -> l.contains("(" + A2 + ")")).forEach(l -> expected.add("    " + l));
        expected.add("  access log · " + ACCESS_GROUP);
        seededLines.stream().filter(l -> l.contains(" access ") && l.contains(A2)).forEach(l -> expected.add("    " + l));
        expected.add("  Lambda CreateOrderFunction · " + L2 + " · " + CREATE_GROUP + " · " + CREATE_STREAM);
        seededLines.stream().filter(l -> l.contains("CreateOrderFunction ")).forEach(l -> expected.add("    " + l));
        expected.add("summary: request " + A2 + " · status 201 · latency 25 ms · integration 12 ms · CreateOrderFunction "
                + L2 + " 9.81 ms, warm");
        expected.addAll(WARM_WATERFALL);
        assertThat(r.out()).containsExactlyElementsOf(expected);
        assertThat(r.out()).contains("    " + iso(t2 + 14) + " " + pad("CreateOrderFunction") + " pricing with rule set v7");
    }

    @Test
    void requestByLambdaIdOfTheJsonFunctionGivesTheSameStoryAsByApiGatewayId() {
        Result r = run("request", L1, "--api-id", api, "--stage", "prod", window(), "--no-color");

        assertThat(r.code()).isZero();
        assertThat(r.out()).containsExactlyElementsOf(expectedStoryOne());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "--engine {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"auto", "insights", "filter"})
    void everyEngineTellsTheSameStory(String engine) {
        Result r = run("request", A1, "--api-id", api, "--stage", "prod", window(), "--no-color", "--engine", engine, "--stats");

        assertThat(r.code()).isZero();
        assertThat(r.out()).containsExactlyElementsOf(expectedStoryOne());
        assertThat(r.err()).startsWith(NO_HOPS);
        assertThat(r.err().replace(NO_HOPS, "").lines()).hasSize(1).first().asString().startsWith("apigw-logs stats: ")
                .contains("CloudFormation DescribeStackResources=1", "Lambda ListEventSourceMappings=1");
        if (engine.equals("filter")) {
            assertThat(r.err()).doesNotContain("StartQuery").contains("CloudWatchLogs FilterLogEvents=");
        } else {
            // moto runs each query at once and ignores its filter: every row is checked here, none is full.
            assertThat(r.err()).contains("CloudWatchLogs StartQuery=", "CloudWatchLogs GetQueryResults=");
        }
    }

    @Test
    void requestJsonCarriesTheWaterfallFigures() {
        Result r = run("request", A1, "--api-id", api, "--stage", "prod", window(), "--output", "json");

        assertThat(r.code()).isZero();
        Map<String, Object> summary = Json.parseObject(r.out().get(r.out().size() - 1));
        assertThat(summary).containsEntry("summary", true).containsEntry("waterfallTotalMs", 545)
                .containsEntry("gatewayBeforeMs", 6).containsEntry("integrationMs", 534).containsEntry("initMs", 468.91)
                .containsEntry("functionMs", 60.47).containsEntry("functionAtMs", 474.91).containsEntry("lambdaServiceMs", 4.62)
                .containsEntry("gatewayAfterMs", 5).containsEntry("coldStart", true);
    }

    @Test
    void insightsOnMotoNarrowsAFullResultAndKeepsEveryByteOfARow() throws Exception {
        String group = "/insights/narrowing";
        String needle = "9f1c2a3b-0000-4000-8000-00000000beef";
        String hostile = " a\u001b[2Kb\u0000c\u0085d\u2028e";
        MotoApi.Stream s = aws.stream(group, "s");
        long base = t1 - 5 * 60_000;
        for (int i = 0; i < 350; i++) {
            // Three a millisecond, every other line without the ID: moto returns them all (it ignores filter).
            s.add(base + (i / 3) * 250L, (i % 2 == 0 ? needle : "other") + hostile + " " + i);
        }
        s.write();
        Source source = new Source("narrowing", group, Source.Kind.LAMBDA);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (Clients c = Clients.create(MotoApi.REGION, null, moto.endpoint())) {
            Pacer pacer = new Pacer(50, 8, 200, 10_000, System::currentTimeMillis, Thread::sleep);
            InsightsSearch search = new InsightsSearch(c.logs, pacer, new GroupReader(c.logs, pacer, errs),
                    System::currentTimeMillis, Thread::sleep, errs, true);
            search.rowLimit = 40;

            List<LogEvent> found = search.find(List.of(source), List.of(needle), base, base + 60_000);

            assertThat(found).extracting(LogEvent::message).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, 350).filter(i -> i % 2 == 0).mapToObj(i -> needle + hostile + " " + i)
                            .collect(Collectors.toList()));
            assertThat(found).allSatisfy(e -> assertThat(e.group()).isEqualTo(group))
                    .allSatisfy(e -> assertThat(e.stream()).isEqualTo("s"));
            assertThat(search.queries()).isGreaterThan(350 / 40);
            assertThat(search.sawIgnoredFilter()).isTrue();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Printer p = new Printer(new PrintStream(out, true, StandardCharsets.UTF_8), false, false, List.of("narrowing"), () -> 0L);
            found.forEach(p::event);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed.lines()).hasSize(175).allSatisfy(l -> assertThat(l).contains(" a\\u001b[2Kb\\u0000c\\u0085d\\u2028e "));
            assertThat(printed).doesNotContain("\u001b", "\u0000", "\u0085", "\u2028");
        }
    }

    @Test
    void functionFollowsOneFunctionsGroupWithOrWithoutTheApi() {
        Result alone = run("get", "--function", "CreateOrderFunction", window(), "--end", iso(t2 + 1000), "--no-color");
        assertThat(alone.code()).isZero();
        assertThat(alone.err()).isEmpty();
        assertThat(alone.out()).containsExactlyElementsOf(seededLines.stream().filter(l -> l.contains(" CreateOrderFunction "))
                .map(l -> l.replace(pad("CreateOrderFunction"), "CreateOrderFunction")).collect(Collectors.toList()));

        // With the API, the function's LoggingConfig group (moto drops it; the proxy answers it) is the one read.
        Result ofApi = run("get", "--api-id", api, "--stage", "prod", "--function", "GetOrderFunction", window(),
                "--end", iso(t2 + 1000), "--no-color", "--output", "json");
        assertThat(ofApi.code()).isZero();
        assertThat(ofApi.out()).isNotEmpty().allSatisfy(l -> assertThat(Json.text(Json.parseObject(l), "logGroup")).isEqualTo(GET_GROUP));
        assertThat(ofApi.out()).hasSize((int) seededLines.stream().filter(l -> l.contains(" GetOrderFunction ")).count());

        Result notOfApi = run("get", "--api-id", api, "--stage", "prod", "--function", "Nope");
        assertThat(notOfApi.code()).isEqualTo(3);
        assertThat(notOfApi.err()).isEqualTo("apigw-logs: the API calls no function named Nope; it calls: CreateOrderFunction, GetOrderFunction\n");

        Result missing = run("get", "--function", "Nope");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).isEqualTo("apigw-logs: No function named 'Nope' in this region (lambda:GetFunctionConfiguration). "
                + "Check --function and --region.\n");
    }

    @Test
    void requestForAnUnknownIdSaysWhereItLooked() {
        Result r = run("request", "00000000-0000-0000-0000-000000000000", "--api-id", api, "--stage", "prod", window());

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("apigw-logs: no line between " + iso(t1 - 1000))
                .contains("mentions 00000000-0000-0000-0000-000000000000 in " + execGroup + ", " + ACCESS_GROUP
                        + ", " + CREATE_GROUP + ", " + GET_GROUP);
    }

    @Test
    void wrongApiIdOrStageIsNamedInTheError() {
        Result noApi = run("get", "--api-id", "nope123456", "--stage", "prod");
        assertThat(noApi.code()).isEqualTo(3);
        assertThat(noApi.err()).startsWith("apigw-logs: No REST, HTTP or WebSocket API with ID 'nope123456' in this region "
                + "(apigateway:GetRestApi, apigateway:GetApi).");

        Result noStage = run("get", "--api-id", api, "--stage", "staging");
        assertThat(noStage.code()).isEqualTo(3);
        assertThat(noStage.err()).isEqualTo("apigw-logs: REST API " + api + " has no stage 'staging' (apigateway:GetStage); its stages: prod\n");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "--poll {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"every", "active"})
    void watchPrintsEventsWrittenAfterItStartedOnceEach(String poll) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        AtomicInteger code = new AtomicInteger(-1);
        long start = System.currentTimeMillis() - 1_000;   // after the previous run's events (the test is run twice)
        String[] args = withEndpoint("get", "--api-id", api, "--stage", "prod", "--watch", "--interval", "300ms",
                "--start", iso(start), "--no-color", "--poll", poll);
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Thread watcher = new Thread(() -> code.set(new Cli(new ByteArrayInputStream(new byte[0]), print, errs,
                Clients::create, System::currentTimeMillis, false, Thread::sleep).run(args)));
        watcher.start();
        try {
            Thread.sleep(1_500);   // a few polls over the existing (older) events: nothing in the window yet
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

            long now = System.currentTimeMillis();
            aws.stream(execGroup, EXEC_STREAM).add(now, "(watch-1) Starting execution for request: watch-1").write();
            // A new log stream: a fresh execution environment of the function.
            aws.stream(CREATE_GROUP, "2026/11/21/[1]new-environment").add(now + 1, "START RequestId: watch-lambda Version: 1").write();
            waitFor(out, 2, 20_000);
            aws.stream(ACCESS_GROUP, "e4da3b7fbbce2345d7772b0674a318d5").add(now + 2, "{\"requestId\":\"watch-1\",\"status\":\"200\"}").write();
            waitFor(out, 3, 20_000);
            Thread.sleep(1_500);   // more polls: the same events come back from CloudWatch, none prints again
        } finally {
            watcher.interrupt();
            watcher.join(10_000);
        }
        assertThat(code.get()).as(errBytes.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(withoutExportNote(errBytes.toString(StandardCharsets.UTF_8))).isEmpty();
        List<String> printed = out.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(25)).collect(Collectors.toList());
        List<String> expected = List.of(
                pad("execution") + " (watch-1) Starting execution for request: watch-1",
                pad("CreateOrderFunction") + " START RequestId: watch-lambda Version: 1",
                pad("access") + " {\"requestId\":\"watch-1\",\"status\":\"200\"}");
        if (poll.equals("every")) {
            assertThat(printed).containsExactlyElementsOf(expected);
        } else {
            // Quiet groups are polled in turn: each line once, but a quiet group's first line may come late.
            assertThat(printed).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static void waitFor(ByteArrayOutputStream out, int lines, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (out.toString(StandardCharsets.UTF_8).lines().count() < lines) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("watch printed only: " + out.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
    }
}
