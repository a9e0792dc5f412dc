package io.github.apigwcorrelation.logs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * A measurement, not a test: {@code request} over a 24-hour window of an API with 12 log groups
 * (execution, access, 10 functions), by each engine: API calls and wall time. Run it with
 * {@code apigw-logs/bin/measure request-engines}.
 *
 * <p>moto 5.2.5 ignores the query's {@code filter}, so on moto the forced Insights path reads every
 * line of the window 10,000 rows a query (each row checked here), and {@code auto} sees that and reads
 * with FilterLogEvents. The same data is also loaded into {@link FakeLogs}, whose engine honours the
 * filter as CloudWatch does and answers on the third GetQueryResults: that run shows the calls the
 * Insights path makes against a real engine; its wall time is this side's cost only (pacing and
 * polling), not the engine's scan time, which only CloudWatch can show.
 */
final class RequestEngines {
    private RequestEngines() {
    }

    /** {@code [--requests N]}: requests seeded over the day (default 2,000, about 11 lines each). */
    public static void main(String[] args) throws Exception {
        int requests = args.length == 2 && args[0].equals("--requests") ? Integer.parseInt(args[1]) : 2_000;
        try (MotoServer moto = MotoServer.start(); MotoApi aws = new MotoApi(moto.endpoint())) {
            System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);
            String api = aws.createRestApi("engines");
            String root = aws.rootResource(api);
            List<String> functions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                aws.createFunction("engines-fn" + i, null);
                aws.addLambdaMethod(api, aws.addResource(api, root, "r" + i), "GET", IntegrationType.AWS_PROXY,
                        MotoApi.functionArn("engines-fn" + i));
                functions.add("engines-fn" + i);
            }
            aws.deploy(api, "prod", "/engines/access");
            String exec = "API-Gateway-Execution-Logs_" + api + "/prod";

            long now = System.currentTimeMillis();
            long start = now - 24 * 3_600_000L;
            Map<String, List<InputLogEvent>> byGroup = new LinkedHashMap<>();
            FakeLogs fake = new FakeLogs();
            Random random = new Random(24);
            String target = null;
            for (int r = 0; r < requests; r++) {
                long t = start + 60_000 + (long) r * (24 * 3_600_000L - 120_000) / requests;
                String a = new UUID(random.nextLong(), random.nextLong()).toString();
                String l = new UUID(random.nextLong(), random.nextLong()).toString();
                String fn = functions.get(random.nextInt(functions.size()));
                String fnGroup = "/aws/lambda/" + fn;
                if (r == requests / 2) {
                    target = a;
                }
                add(byGroup, fake, exec, t, "(" + a + ") Extended Request Id: " + a.substring(0, 8) + "=");
                add(byGroup, fake, exec, t + 2, "(" + a + ") Starting execution for request: " + a);
                add(byGroup, fake, exec, t + 4, "(" + a + ") Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
                        + MotoApi.functionArn(fn) + "/invocations");
                add(byGroup, fake, fnGroup, t + 8, "START RequestId: " + l + " Version: $LATEST");
                add(byGroup, fake, fnGroup, t + 10, "{\"level\":\"INFO\",\"message\":\"handled\",\"AWSRequestId\":\"" + l
                        + "\",\"ApiGatewayRequestId\":\"" + a + "\"}");
                add(byGroup, fake, fnGroup, t + 20, "END RequestId: " + l);
                add(byGroup, fake, fnGroup, t + 21, "REPORT RequestId: " + l + "\tDuration: 11.00 ms\tBilled Duration: 12 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB");
                add(byGroup, fake, exec, t + 25, "(" + a + ") Received response. Status: 200, Integration latency: 19 ms");
                add(byGroup, fake, exec, t + 26, "(" + a + ") Method completed with status: 200");
                add(byGroup, fake, exec, t + 27, "(" + a + ") AWS Integration Endpoint RequestId : " + l);
                add(byGroup, fake, "/engines/access", t + 28, "{\"requestId\":\"" + a + "\",\"lambdaRequestId\":\"" + l
                        + "\",\"status\":\"200\",\"responseLatency\":\"28\",\"integrationLatency\":\"19\"}");
            }
            int total = 0;
            for (Map.Entry<String, List<InputLogEvent>> g : byGroup.entrySet()) {
                List<InputLogEvent> events = g.getValue();
                aws.stream(g.getKey(), "s").add(events.get(0).timestamp(), events.get(0).message()).write();
                for (int i = 1; i < events.size(); i += 5_000) {
                    List<InputLogEvent> batch = events.subList(i, Math.min(events.size(), i + 5_000));
                    aws.logs.putLogEvents(x -> x.logGroupName(g.getKey()).logStreamName("s").logEvents(batch));
                }
                total += events.size();
            }
            System.out.println("request " + target + " over 24 h, REST API with 12 log groups, " + total + " events ("
                    + requests + " requests), moto_server 5.2.5 on 127.0.0.1, default --max-rps 4");
            // --no-hops: the figures compare the engines on the API's own 12 groups, as the README's table always did.
            String[] common = {"request", target, "--api-id", api, "--stage", "prod", "--start", "24h ago", "--stats", "--no-hops",
                "--region", MotoApi.REGION, "--endpoint-url", moto.endpoint()};
            for (String engine : List.of("filter", "insights", "auto")) {
                run("moto, --engine " + engine, common, engine, null);
            }
            run("FakeLogs (filter honoured), --engine insights", common, "insights", fake);
        }
    }

    private static void add(Map<String, List<InputLogEvent>> byGroup, FakeLogs fake, String group, long ts, String message) {
        byGroup.computeIfAbsent(group, k -> new ArrayList<>()).add(InputLogEvent.builder().timestamp(ts).message(message).build());
        fake.put(group, "s", ts, message);
    }

    private static void run(String what, String[] common, String engine, FakeLogs fake) {
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of("--engine", engine));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int before = fake == null ? 0 : fake.queries.size() + fake.getQueryResultsCalls + fake.requests.size();
        Cli.ClientFactory factory = fake == null ? Clients::create : (region, profile, endpoint) -> {
            Clients real = Clients.create(region, profile, endpoint);
            return new Clients(fake, real.apigateway, real.apigatewayv2, real.lambda, real.cloudformation, real.counter, real::close);
        };
        long t0 = System.nanoTime();
        int code = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), factory, System::currentTimeMillis, false, Thread::sleep)
                .run(args.toArray(new String[0]));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String stats = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("apigw-logs stats:"))
                .reduce((a, b) -> b).orElse("(no stats)");
        String notes = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("apigw-logs stats:"))
                .filter(l -> !l.contains("export")).reduce((a, b) -> a + "; " + b).orElse("");
        System.out.println();
        System.out.println(what + ": exit " + code + ", " + out.toString(StandardCharsets.UTF_8).lines().count()
                + " lines printed, wall time " + ms + " ms");
        System.out.println("  " + stats.replace("apigw-logs stats: ", ""));
        if (fake != null) {
            int after = fake.queries.size() + fake.getQueryResultsCalls + fake.requests.size();
            System.out.println("  CloudWatch Logs calls answered by FakeLogs: " + (after - before) + " (StartQuery "
                    + fake.queries.size() + ", GetQueryResults " + fake.getQueryResultsCalls + ", FilterLogEvents "
                    + fake.requests.size() + "); the count above is the SDK calls to moto only");
        }
        if (!notes.isEmpty()) {
            System.out.println("  stderr: " + notes);
        }
    }
}
