package io.github.apigwcorrelation.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The commands. Everything the process touches (streams, clients, clock, terminal) is passed in. */
final class Cli {
    static final String USAGE = String.join("\n",
            "usage:",
            "  apigw-logs get --api-id ID --stage STAGE [--function NAME] [--start '1h ago'|ISO-8601] [--end ...] [--watch]",
            "                 [--filter-pattern P] [--output text|json] [--no-color] [--page-size N]",
            "  apigw-logs get --function NAME [--watch] ...",
            "  apigw-logs request REQUEST_ID --api-id ID --stage STAGE [--start ...] [--end ...] [--engine auto|insights|filter]",
            "                 [--stack NAME ...] [--downstream FUNCTION ...] [--follow-for 1h] [--no-hops] [--output text|json]",
            "  apigw-logs local [FILE ...|-] [--request REQUEST_ID] [--output text|json]",
            "  apigw-logs doctor --api-id ID --stage STAGE [--since 1h] [--output text|json]",
            "request searches with --engine auto (Logs Insights, FilterLogEvents where it cannot serve), insights or filter,",
            "  then follows the request past the API's functions (hops: lines whose OriginRequestId is its ID) in the",
            "  functions of the API's stack (or --stack, repeatable), else the region's SQS consumers, and --downstream ones,",
            "  up to --follow-for after it; --no-hops skips that.",
            "options for AWS: --region R, --profile P, --endpoint-url URL (an emulator), --stats (API calls, time",
            "  to first line, on stderr); --watch tuning: --interval 0s, --lookback 60s, --max-rps 4, --hold 250ms,",
            "  --poll every|active (default every: each round reads every group, in order)",
            "REQUEST_ID is the x-amzn-RequestId a client saw, or a Lambda request ID.");

    /** Builds the AWS clients; tests pass clients of their own. */
    interface ClientFactory {
        Clients create(String region, String profile, String endpoint);
    }

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final ClientFactory factory;
    private final LongSupplier clock;
    private final boolean terminal;
    private final Pacer.Sleeper sleeper;
    private Pacer pacer;

    Cli(InputStream in, PrintStream out, PrintStream err, ClientFactory factory, LongSupplier clock,
        boolean terminal, Pacer.Sleeper sleeper) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.factory = factory;
        this.clock = clock;
        this.terminal = terminal;
        this.sleeper = sleeper;
    }

    /** Runs one command and returns the exit code; errors are printed, never thrown. */
    int run(String... args) {
        try {
            Options o = Options.parse(args);
            if (o.flag("help") || o.command.equals("help")) {
                out.println(USAGE);
                return 0;
            }
            switch (o.command) {
                case "get":
                    return get(o);
                case "request":
                    return request(o);
                case "local":
                    return local(o);
                case "doctor":
                    return doctor(o);
                default:
                    throw Options.usage("unknown command '" + o.command + "'");
            }
        } catch (CliException | software.amazon.awssdk.core.exception.SdkException e) {
            if (wasInterrupted(e)) {
                return 0;   // Ctrl-C (or a test) stopped --watch in the middle of a call
            }
            err.println("apigw-logs: " + e.getMessage());
            return e instanceof CliException ? ((CliException) e).exitCode : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;   // --watch ends on interrupt (Ctrl-C, or a test stopping it)
        }
    }

    /** Whether {@code e} comes from an interrupt: the SDK aborts a call in flight when its thread is interrupted. */
    private static boolean wasInterrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof software.amazon.awssdk.core.exception.AbortedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private int get(Options o) throws InterruptedException {
        if (!o.positional.isEmpty()) {
            throw Options.usage("get takes no positional argument: " + o.positional);
        }
        long t0 = clock.getAsLong();
        boolean watch = o.flag("watch");
        long now = clock.getAsLong();
        long start = TimeSpec.parse(o.get("start", watch ? "5m ago" : "1h ago"), now);
        Long end = o.get("end") == null ? null : TimeSpec.parse(o.get("end"), now);
        if (watch && end != null) {
            throw Options.usage("--watch follows new events; it takes no --end");
        }
        try (Clients c = factory.create(o.get("region"), o.get("profile"), o.get("endpoint-url"))) {
            List<Source> sources = sources(o, c);
            Printer printer = printer(o, sources);
            Follower f = new Follower(reader(o, c), sources, o.get("filter-pattern"), printer, clock,
                    o.millis("lookback", 60_000), o.millis("hold", 250), o.millis("sweep", 30_000));
            try {
                if (!watch) {
                    // CloudWatch accepts timestamps up to 2 h ahead: a line from a fast clock is already there.
                    f.printWindow(start, end == null ? now + Follower.MAX_AHEAD : end);
                    return 0;
                }
                long interval = o.millis("interval", 0);
                String poll = o.get("poll", "every");
                if (!poll.equals("active") && !poll.equals("every")) {
                    throw Options.usage("--poll is active or every, not '" + Escape.text(poll) + "'");
                }
                if (poll.equals("active")) {
                    // Opt-in: a shorter round over the busy groups, at the cost of order and of a quiet group's
                    // first line (README, "--watch latency").
                    f.pollActiveFirst(1, 10_000);
                }
                f.startAt(start);
                while (true) {
                    f.poll();
                    if (interval > 0) {
                        sleeper.sleep(interval);
                    } else if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            } finally {
                stats(o, c, printer, t0);
            }
        }
    }

    /** The groups to read: the API's (all, or one function's with --function), or one function's alone. */
    private List<Source> sources(Options o, Clients c) {
        String function = o.get("function");
        Discovery d = new Discovery(c.apigateway, c.apigatewayv2, c.lambda, err);
        if (o.get("api-id") == null && function != null) {
            return List.of(d.functionSource(function));
        }
        List<Source> all = d.sources(o.required("api-id"), o.required("stage"));
        if (function == null) {
            return all;
        }
        List<Source> one = all.stream().filter(s -> s.kind() == Source.Kind.LAMBDA && s.label().equals(function))
                .collect(Collectors.toList());
        if (one.isEmpty()) {
            throw new CliException(3, "the API calls no function named " + function + "; it calls: "
                    + all.stream().filter(s -> s.kind() == Source.Kind.LAMBDA).map(Source::label)
                    .collect(Collectors.joining(", ")));
        }
        return one;
    }

    private GroupReader reader(Options o, Clients c) {
        GroupReader reader = new GroupReader(c.logs, pacer(o), err);
        String size = o.get("page-size");
        if (size != null) {
            int n;
            try {
                n = Integer.parseInt(size);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > 10_000) {
                throw Options.usage("--page-size is between 1 and 10000, not '" + size + "'");
            }
            reader.pageSize(n);
        }
        return reader;
    }

    private int request(Options o) throws InterruptedException {
        if (o.positional.size() != 1) {
            throw Options.usage("request takes one REQUEST_ID");
        }
        long t0 = clock.getAsLong();
        String id = o.positional.get(0);
        if (!RequestFinder.searchable(id)) {
            throw Options.usage("'" + Escape.text(id) + "' is not a request ID: an API Gateway, extended or Lambda request ID "
                    + "is 4 to 128 letters, digits and - = + / _ . :");
        }
        String engine = o.get("engine", "auto");
        if (!List.of("auto", "insights", "filter").contains(engine)) {
            throw Options.usage("--engine is auto, insights or filter, not '" + Escape.text(engine) + "'");
        }
        String api = o.required("api-id");
        String stage = o.required("stage");
        long now = clock.getAsLong();
        long start = TimeSpec.parse(o.get("start", "1h ago"), now);
        // Up to 2 h ahead by default: CloudWatch accepts lines stamped that far in the future (a fast clock).
        long end = o.get("end") == null ? now + Follower.MAX_AHEAD : TimeSpec.parse(o.get("end"), now);
        boolean hops = !o.flag("no-hops");
        if (!hops && (!o.all("stack").isEmpty() || !o.all("downstream").isEmpty() || o.get("follow-for") != null)) {
            throw Options.usage("--no-hops takes no --stack, --downstream or --follow-for");
        }
        long followFor = o.millis("follow-for", 3_600_000L);
        try (Clients c = factory.create(o.get("region"), o.get("profile"), o.get("endpoint-url"))) {
            List<Source> sources = sources(o, c);
            Printer printer = printer(o, sources);
            GroupReader reader = reader(o, c);
            try {
                RequestFinder.Search search = engine.equals("filter") ? RequestFinder.filterLogEvents(reader)
                        : new InsightsSearch(c.logs, pacer(o), reader, clock, sleeper, err, engine.equals("insights"));
                RequestFinder finder = new RequestFinder(reader, search, sources);
                if (hops) {
                    java.util.Set<String> own = sources.stream().filter(x -> x.kind() == Source.Kind.LAMBDA).map(Source::label)
                            .collect(Collectors.toSet());
                    Discovery discovery = new Discovery(c.apigateway, c.apigatewayv2, c.lambda, err);
                    finder.hops(new Hops.Plan(() -> new Downstream(c.cloudformation, c.lambda, discovery, err)
                            .find(api, o.all("stack"), o.all("downstream"), own), followFor, clock, err));
                }
                List<Stories.Story> stories = finder.find(id, start, end);
                if (stories.isEmpty()) {
                    throw new CliException(3, "no line between " + Printer.iso(start) + " and " + Printer.iso(end)
                            + " mentions " + id + " in " + sources.stream().map(Source::group).collect(Collectors.joining(", "))
                            + " (try an earlier --start)");
                }
                stories.forEach(s -> Stories.print(s, printer));
                return 0;
            } finally {
                stats(o, c, printer, t0);
            }
        }
    }

    /** Checks what the correlation of a stage depends on; exit code 0 only when every check holds. */
    private int doctor(Options o) throws InterruptedException {
        if (!o.positional.isEmpty()) {
            throw Options.usage("doctor takes no positional argument: " + o.positional);
        }
        String api = o.required("api-id");
        String stage = o.required("stage");
        long since = o.millis("since", 3_600_000);
        boolean json = o.get("output", "text").equals("json");
        try (Clients c = factory.create(o.get("region"), o.get("profile"), o.get("endpoint-url"))) {
            Discovery d = new Discovery(c.apigateway, c.apigatewayv2, c.lambda, err);
            List<Source> sources = d.sources(api, stage);
            String kind = d.kind();
            List<Doctor.Check> checks = new Doctor(c, pacer(o), clock).run(api, stage, sources, kind, since);
            long failed = checks.stream().filter(x -> !x.ok()).count();
            String what = (kind.equals("REST") ? "REST API " : kind.equals("HTTP") ? "HTTP API " : "WebSocket API ") + api
                    + ", stage " + stage;
            if (!json) {
                out.println(Escape.text("doctor: " + what));
            }
            for (Doctor.Check x : checks) {
                if (json) {
                    Map<String, Object> f = new java.util.LinkedHashMap<>();
                    f.put("check", x.name());
                    f.put("ok", x.ok());
                    f.put("detail", x.detail());
                    f.put("fix", x.fix());
                    out.println(Json.line(f));
                } else {
                    out.println(Escape.text((x.ok() ? "  ok    " : "  FAIL  ") + x.name() + ": " + x.detail()));
                    if (!x.ok()) {
                        out.println(Escape.text("        fix: " + x.fix()));
                    }
                }
            }
            if (json) {
                out.println(Json.line(Map.of("summary", true, "checks", checks.size(), "failed", failed)));
            } else {
                out.println(failed == 0 ? "doctor: all " + checks.size() + " checks hold"
                        : "doctor: " + failed + " of " + checks.size() + " checks fail");
            }
            out.flush();
            stats(o, c, printerFor(o, List.of()), clock.getAsLong());
            return failed == 0 ? 0 : 1;
        }
    }

    private static final Pattern LEADING_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z)\\s");

    /**
     * Tells the stories of what a local run printed, each as soon as its {@code REPORT} arrives, so
     * {@code local-api | apigw-logs local} shows every request while the server runs. Files and
     * standard input are read the same way: bytes that are not UTF-8 become U+FFFD, never an error.
     */
    private int local(Options o) {
        List<String> files = o.positional.isEmpty() ? List.of("-") : o.positional;
        String wanted = o.get("request");
        Printer printer = printerFor(o, List.of("local"));
        Stories.Builder builder = new Stories.Builder();
        int told = 0;
        for (String f : files) {
            String name = f.equals("-") ? "stdin" : f;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    f.equals("-") ? in : Files.newInputStream(Path.of(f)), lenientUtf8()))) {
                long n = 0;
                for (String line; (line = r.readLine()) != null; ) {
                    n++;
                    Matcher m = LEADING_TIME.matcher(line);
                    long ts = m.find() ? java.time.Instant.parse(m.group(1)).toEpochMilli() : 0;
                    Stories.Invocation done = builder.accept(
                            new LogEvent("local", "-", name, ts, 0, Long.toString(n), line, Source.Kind.LOCAL));
                    if (done != null) {
                        told += tell(builder.storyOf(done), wanted, printer);
                    }
                }
            } catch (NoSuchFileException e) {
                throw new CliException(1, "no such file: " + f);
            } catch (IOException e) {
                throw new CliException(1, "cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        for (Stories.Story s : builder.finish()) {
            told += tell(s, wanted, printer);
        }
        if (told == 0) {
            throw new CliException(3, wanted == null ? "no request ID found in the input"
                    : "no line of the input mentions " + wanted);
        }
        return 0;
    }

    private static int tell(Stories.Story s, String wanted, Printer printer) {
        if (wanted != null && !s.mentions(wanted)) {
            return 0;
        }
        Stories.print(s, printer);
        return 1;
    }

    private static java.nio.charset.CharsetDecoder lenientUtf8() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
    }

    private Printer printer(Options o, List<Source> sources) {
        return printerFor(o, sources.stream().map(Source::label).collect(Collectors.toList()));
    }

    private Printer printerFor(Options o, List<String> labels) {
        String output = o.get("output", "text");
        if (!output.equals("text") && !output.equals("json")) {
            throw Options.usage("--output is text or json, not '" + output + "'");
        }
        boolean color = o.flag("color") || (terminal && !o.flag("no-color") && System.getenv("NO_COLOR") == null);
        return new Printer(out, output.equals("json"), color, labels, clock).warnings(err);
    }

    private Pacer pacer(Options o) {
        if (pacer == null) {
            pacer = new Pacer(maxRps(o), 8, 200, 10_000, clock, sleeper);
        }
        return pacer;
    }

    private static double maxRps(Options o) {
        double rps;
        try {
            rps = Double.parseDouble(o.get("max-rps", "4"));
        } catch (NumberFormatException e) {
            rps = -1;
        }
        if (!(rps > 0 && rps <= 50)) {
            throw Options.usage("--max-rps is between 0 and 50, not '" + Escape.text(o.get("max-rps")) + "'");
        }
        return rps;
    }

    private void stats(Options o, Clients c, Printer printer, long t0) {
        if (!o.flag("stats")) {
            return;
        }
        Map<String, Long> calls = c.counter.snapshot();
        err.println("apigw-logs stats: " + c.counter.total() + " API calls " + calls
                + "; first line after " + (printer.firstLineAt() < 0 ? "-" : (printer.firstLineAt() - t0) + " ms")
                + "; " + printer.lines() + " lines; " + (pacer == null ? 0 : pacer.retries()) + " retries");
    }
}
