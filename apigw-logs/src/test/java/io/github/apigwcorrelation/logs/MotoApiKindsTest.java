package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * The bar on moto: a REST API of 30 resources, an HTTP API and a WebSocket API, every group
 * seeded with interleaved timestamps in several streams and read in pages of 7 events. {@code get}
 * must print every event once, in order; {@code --watch} must print a future-stamped and a late event.
 */
@Tag("needs-tools")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MotoApiKindsTest {
    private static final int RESOURCES = 30;
    private static final int FUNCTIONS = 4;
    private static final int EVENTS_PER_STREAM = 25;

    private MotoServer moto;
    private MotoApi aws;
    private final Map<String, String> apis = new LinkedHashMap<>();   // kind → API ID
    private final Map<String, String> stages = Map.of("REST", "prod", "HTTP", "$default", "WEBSOCKET", "prod");
    private final Map<String, List<String>> seeded = new LinkedHashMap<>();   // kind → "group|message"
    private long start;

    @BeforeAll
    void seed() throws Exception {
        moto = MotoServer.start();
        aws = new MotoApi(moto.endpoint());
        System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);
        for (int f = 0; f < FUNCTIONS; f++) {
            aws.createFunction("kinds-fn" + f, null);
        }
        aws.createFunction("kinds-http", null);
        aws.createFunction("kinds-ws", null);
        String rest = aws.createRestApi("kinds");
        String root = aws.rootResource(rest);
        for (int r = 0; r < RESOURCES; r++) {
            aws.addLambdaMethod(rest, aws.addResource(rest, root, "r" + r), "GET", IntegrationType.AWS_PROXY,
                    MotoApi.functionArn("kinds-fn" + (r % FUNCTIONS)));
        }
        aws.deploy(rest, "prod", "/kinds/rest-access");
        apis.put("REST", rest);
        apis.put("HTTP", aws.createV2Api("HTTP", "kinds-http", "kinds-http", "GET /orders", "$default", "/kinds/http-access"));
        apis.put("WEBSOCKET", aws.createV2Api("WEBSOCKET", "kinds-ws", "kinds-ws", "$default", "prod", "/kinds/ws-access"));

        start = (System.currentTimeMillis() / 1000) * 1000 - 30 * 60_000;   // seeded up to 17 min after; watch events come later
        List<String> restGroups = new ArrayList<>(List.of("API-Gateway-Execution-Logs_" + rest + "/prod", "/kinds/rest-access"));
        for (int f = 0; f < FUNCTIONS; f++) {
            restGroups.add("/aws/lambda/kinds-fn" + f);
        }
        seeded.put("REST", seedGroups(restGroups, 1));
        seeded.put("HTTP", seedGroups(List.of("/kinds/http-access", "/aws/lambda/kinds-http"), 2));
        seeded.put("WEBSOCKET", seedGroups(List.of("API-Gateway-Execution-Logs_" + apis.get("WEBSOCKET") + "/prod",
                "/kinds/ws-access", "/aws/lambda/kinds-ws"), 3));
    }

    /** Three streams per group; every stream's timestamps interleave with every other's, some shared. */
    private List<String> seedGroups(List<String> groups, long seed) {
        Random random = new Random(seed);
        List<String> all = new ArrayList<>();
        for (String g : groups) {
            for (int s = 0; s < 3; s++) {
                MotoApi.Stream stream = aws.stream(g, "stream-" + s);
                long t = start + random.nextInt(50);
                for (int e = 0; e < EVENTS_PER_STREAM; e++) {
                    t += random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(40_000);   // a third share a millisecond
                    String message = g.startsWith("API-Gateway") ? "(req-" + s + "-" + e + ") line " + e : g + " stream " + s + " event " + e;
                    stream.add(t, message);
                    all.add(g + "|" + message);
                }
                stream.write();
            }
        }
        return all;
    }

    @AfterAll
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private String[] args(String kind, String... more) {
        List<String> a = new ArrayList<>(List.of(more));
        a.addAll(List.of("--api-id", apis.get(kind), "--stage", stages.get(kind), "--region", MotoApi.REGION,
                "--endpoint-url", moto.endpoint()));
        return a.toArray(new String[0]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"REST", "HTTP", "WEBSOCKET"})
    void getPrintsEveryEventOnceInTimeOrderAcrossPagedInterleavedGroups(String kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clients::create, System::currentTimeMillis, false,
                Thread::sleep).run(args(kind, "get", "--start", Printer.iso(start - 1_000), "--end", Printer.iso(start + 18 * 60_000), "--output", "json",
                "--page-size", "7", "--max-rps", "50"));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(MotoEndToEndTest.withoutExportNote(err.toString(StandardCharsets.UTF_8))).isEmpty();
        List<Map<String, Object>> events = out.toString(StandardCharsets.UTF_8).lines().map(Json::parseObject).collect(Collectors.toList());
        List<String> printed = events.stream().map(e -> Json.text(e, "logGroup") + "|" + Json.text(e, "message")).collect(Collectors.toList());
        assertThat(new HashSet<>(printed)).as("no doubled event").hasSize(printed.size());
        assertThat(printed).as("no lost event").containsExactlyInAnyOrderElementsOf(seeded.get(kind));
        int inversions = 0;
        for (int i = 1; i < events.size(); i++) {
            if (Long.parseLong(Json.text(events.get(i), "timestamp")) < Long.parseLong(Json.text(events.get(i - 1), "timestamp"))) {
                inversions++;
            }
        }
        assertThat(inversions).isZero();
        Measured.report("get " + kind + ": " + printed.size() + " events from "
                + events.stream().map(e -> Json.text(e, "logGroup")).distinct().count() + " groups in pages of 7, 0 inversions");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP", "WEBSOCKET"})
    void watchPrintsAFutureStampedAndALateEventOnceAndKeepsFollowing(String kind) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        String group = kind.equals("HTTP") ? "/aws/lambda/kinds-http" : "/aws/lambda/kinds-ws";
        String[] a = args(kind, "get", "--watch", "--start", "1m ago", "--lookback", "20s", "--sweep", "2s", "--no-color");
        Thread watcher = new Thread(() -> code.set(new Cli(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clients::create, System::currentTimeMillis, false, Thread::sleep).run(a)));
        watcher.start();
        try {
            Thread.sleep(1_500);
            long now = System.currentTimeMillis();
            aws.stream(group, "watch-" + kind).add(now + 2 * 3_600_000L - 60_000, kind + " from a clock two hours fast").write();
            aws.stream(group, "watch-late-" + kind).add(now - 3 * 60_000, kind + " three minutes late").write();
            waitFor(out, kind + " three minutes late", 60_000);
            aws.stream(group, "watch-" + kind).add(now + 2 * 3_600_000L - 59_000, kind + " still followed after it").write();
            aws.stream(group, "watch-now-" + kind).add(System.currentTimeMillis(), kind + " on time").write();
            waitFor(out, kind + " on time", 30_000);
            waitFor(out, kind + " still followed after it", 30_000);
            Thread.sleep(6_000);   // more polls and sweeps: nothing prints twice
        } finally {
            watcher.interrupt();
            watcher.join(10_000);
        }
        assertThat(code.get()).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(l.indexOf(kind + " ")))
                .collect(Collectors.toList());
        assertThat(lines).containsExactlyInAnyOrder(kind + " from a clock two hours fast", kind + " three minutes late",
                kind + " still followed after it", kind + " on time");
    }

    private static void waitFor(ByteArrayOutputStream out, String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("watch did not print '" + text + "'; it printed: " + out.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }
}
