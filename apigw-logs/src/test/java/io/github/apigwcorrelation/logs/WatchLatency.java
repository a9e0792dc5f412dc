package io.github.apigwcorrelation.logs;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * A measurement, not a test: the time from ingestion (PutLogEvents) to print of {@code get --watch}
 * with its default options, against moto_server on loopback, for an API of 2 log groups and one of
 * 12, beside {@code awslogs --watch} (one process per group, its default 1 s interval) in the same run.
 * Run it with {@code apigw-logs/bin/measure watch-latency} (README, "Tests and measurements").
 *
 * <p>Ingestion time is taken as the midpoint of the PutLogEvents call (moto stamps it while answering;
 * the call takes a few ms on loopback). Print time is when the line reaches the tool's output stream.
 */
final class WatchLatency {
    private static final Pattern SEQ = Pattern.compile("latency-(\\w+)-(\\d+)\\b");

    private WatchLatency() {
    }

    /** {@code [--events N] [--groups 2|12] [--poll every|active] [--settle SECONDS] [--awslogs PATH|none]}. */
    public static void main(String[] args) throws Exception {
        int events = 100;
        String awslogs = "none";
        int[] sizes = {2, 12};
        String poll = null;
        long settle = 10_000;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--events")) {
                events = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--settle")) {
                settle = Long.parseLong(args[i + 1]) * 1000;
            } else if (args[i].equals("--poll")) {
                poll = args[i + 1];
            } else if (args[i].equals("--groups")) {
                sizes = new int[] {Integer.parseInt(args[i + 1])};
            } else if (args[i].equals("--awslogs")) {
                awslogs = args[i + 1];
            }
        }
        try (MotoServer moto = MotoServer.start(); MotoApi aws = new MotoApi(moto.endpoint())) {
            System.setProperty("aws.accessKeyId", MotoApi.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", MotoApi.SECRET_KEY);
            System.out.println("watch latency, ingestion to print, moto_server 5.2.5 on 127.0.0.1, " + events
                    + " events per run; apigw-logs with " + (poll == null ? "default options" : "--poll " + poll + ", other options default"));
            for (int groups : sizes) {
                run(moto, aws, groups, events, awslogs, poll, settle);
            }
            System.out.println();
            System.out.println("uniform: each event into a random group. requests: each request writes the execution log "
                    + "(REST), one function (80 % one of two popular ones) and the access log, a few ms apart.");
        }
    }

    private static void run(MotoServer moto, MotoApi aws, int size, int events, String awslogs, String poll, long settle)
            throws Exception {
        String api;
        String stage;
        List<String> groups = new ArrayList<>();
        if (size == 2) {
            aws.createFunction("lat2-fn", null);
            api = aws.createV2Api("HTTP", "lat2", "lat2-fn", "GET /orders", "$default", "/lat2/access");
            stage = "$default";
            groups.addAll(List.of("/lat2/access", "/aws/lambda/lat2-fn"));
        } else {
            api = aws.createRestApi("lat12");
            String root = aws.rootResource(api);
            groups.add("API-Gateway-Execution-Logs_" + api + "/prod");
            groups.add("/lat12/access");
            for (int i = 0; i < size - 2; i++) {
                aws.createFunction("lat12-fn" + i, null);
                aws.addLambdaMethod(api, aws.addResource(api, root, "r" + i), "GET", IntegrationType.AWS_PROXY,
                        MotoApi.functionArn("lat12-fn" + i));
                groups.add("/aws/lambda/lat12-fn" + i);
            }
            aws.deploy(api, "prod", "/lat12/access");
            stage = "prod";
        }
        for (String g : groups) {
            aws.stream(g, "s").add(System.currentTimeMillis() - 30 * 60_000, "(old) before the watch window").write();
        }
        for (String pattern : List.of("uniform", "requests")) {
            measure(moto, aws, api, stage, groups, pattern, events, awslogs, poll, settle);
        }
    }

    private static void measure(MotoServer moto, MotoApi aws, String api, String stage, List<String> groups, String pattern,
                                int events, String awslogs, String poll, long settle) throws Exception {
        int size = groups.size();
        String run = size + pattern.substring(0, 1);

        Lines ours = new Lines();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("get", "--api-id", api, "--stage", stage, "--watch", "--stats",
                "--region", MotoApi.REGION, "--endpoint-url", moto.endpoint()));
        if (poll != null) {
            command.addAll(List.of("--poll", poll));
        }
        String[] cmd = command.toArray(new String[0]);
        Thread watcher = new Thread(() -> new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(ours, true, StandardCharsets.UTF_8),
                err, Clients::create, System::currentTimeMillis, false, Thread::sleep).run(cmd));
        List<Process> tails = new ArrayList<>();
        Lines theirs = new Lines();
        if (!awslogs.equals("none")) {
            for (String g : groups) {
                ProcessBuilder pb = new ProcessBuilder(awslogs, "get", g, "ALL", "--watch", "--aws-endpoint-url", moto.endpoint(),
                        "--aws-region", MotoApi.REGION, "-G", "-S", "--color", "never", "-s", "1m");
                pb.environment().put("AWS_ACCESS_KEY_ID", MotoApi.ACCESS_KEY);
                pb.environment().put("AWS_SECRET_ACCESS_KEY", MotoApi.SECRET_KEY);
                pb.environment().put("PYTHONUNBUFFERED", "1");
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
                Process p = pb.start();
                tails.add(p);
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            theirs.line(line);
                        }
                    } catch (java.io.IOException ended) {
                        // the process was stopped
                    }
                });
                reader.setDaemon(true);
                reader.start();
            }
        }
        watcher.start();
        Thread.sleep(6_000);   // both tools start and poll a few times
        long began = System.currentTimeMillis();
        Map<Integer, Long> ingested = new ConcurrentHashMap<>();
        Random random = new Random(size);
        List<String> functions = groups.stream().filter(g -> g.startsWith("/aws/lambda/")).toList();
        for (int i = 0; i < events; ) {
            List<String> into = new ArrayList<>();
            if (pattern.equals("uniform")) {
                into.add(groups.get(random.nextInt(size)));
            } else {
                // A request: execution log (REST), the function it calls, then the access log.
                groups.stream().filter(g -> g.startsWith("API-Gateway-Execution-Logs_")).forEach(into::add);
                into.add(random.nextInt(10) < 8 ? functions.get(random.nextInt(Math.min(2, functions.size())))
                        : functions.get(random.nextInt(functions.size())));
                groups.stream().filter(g -> g.endsWith("/access")).forEach(into::add);
            }
            for (String g : into) {
                if (i >= events) {
                    break;
                }
                String message = "latency-" + run + "-" + i + " into " + g;
                long before = System.currentTimeMillis();
                aws.logs.putLogEvents(r -> r.logGroupName(g).logStreamName("s").logEvents(
                        InputLogEvent.builder().timestamp(before).message(message).build()));
                ingested.put(i, (before + System.currentTimeMillis()) / 2);
                i++;
            }
            Thread.sleep(200 + random.nextInt(600));
        }
        long wrote = System.currentTimeMillis();
        Thread.sleep(settle);   // lines still on their way print before the tools stop
        watcher.interrupt();
        watcher.join(10_000);
        tails.forEach(Process::destroy);
        long watched = System.currentTimeMillis() - began + 6_000;   // from the watch's start

        System.out.println();
        System.out.println(size + " groups (" + (size == 2 ? "HTTP API: access log + 1 function" : "REST API: execution + access + 10 functions")
                + "), " + pattern + ", " + events + " events over " + (wrote - began) / 1000 + " s:");
        System.out.println("  " + ours.report("apigw-logs --watch", run, ingested, events));
        Matcher stats = Pattern.compile("CloudWatchLogs FilterLogEvents=(\\d+)").matcher(lastStats(errBytes));
        if (stats.find()) {
            System.out.printf("    FilterLogEvents: %s calls in %d s (%.1f/s; CloudWatch's quota is 5/s per account and region)%n",
                    stats.group(1), watched / 1000, Integer.parseInt(stats.group(1)) * 1000.0 / watched);
        }
        if (!awslogs.equals("none")) {
            System.out.println("  " + theirs.report("awslogs --watch (" + size + " processes)", run, ingested, events));
            System.out.printf("    FilterLogEvents: about %d/s (one per group and second: %d processes at awslogs' 1 s interval)%n", size, size);
        }
    }

    private static String lastStats(ByteArrayOutputStream err) {
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("apigw-logs stats:")).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Lines as they arrive, each with the time it arrived. */
    static final class Lines extends OutputStream {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        final Map<String, Long> firstPrint = new ConcurrentHashMap<>();
        final Map<String, Integer> prints = new ConcurrentHashMap<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                line(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }

        void line(String line) {
            long now = System.currentTimeMillis();
            Matcher m = SEQ.matcher(line);
            if (m.find()) {
                String key = m.group(1) + "-" + m.group(2);
                firstPrint.putIfAbsent(key, now);
                prints.merge(key, 1, Integer::sum);
            }
        }

        String report(String tool, String run, Map<Integer, Long> ingested, int events) {
            List<Long> latencies = new ArrayList<>();
            int doubled = 0;
            for (int i = 0; i < events; i++) {
                Long printed = firstPrint.get(run + "-" + i);
                if (printed != null) {
                    latencies.add(printed - ingested.get(i));
                    doubled += prints.get(run + "-" + i) > 1 ? 1 : 0;
                }
            }
            Collections.sort(latencies);
            if (latencies.isEmpty()) {
                return tool + ": printed none of " + events;
            }
            return String.format("%-34s median %5d ms, p90 %5d ms, max %5d ms; printed %d of %d, %d more than once", tool,
                    latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.9)),
                    latencies.get(latencies.size() - 1), latencies.size(), events, doubled);
        }
    }
}
