package io.github.apigwcorrelation.localapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A local API Gateway without Docker: serves the routes of a SAM template on {@code 127.0.0.1} and invokes
 * their Java handlers with the events API Gateway would send, a fresh request ID per request, each function in
 * execution environments of its own (a JVM each, on the real Java runtime).
 *
 * <pre>
 * java -jar local-api.jar [--template template.yaml] [--port 3000] [--build-dir .aws-sam/build]
 *                         [--log-format Text|JSON] [--invoke runtime|emulator] [--emulator PATH] [--runtime-client DIR]
 *                         [--sqs-port 9324] [--visibility-timeout SECONDS] [--event-sources on|off]
 * </pre>
 *
 * <p>A template with {@code AWS::SQS::Queue} resources gets them on an SQS server of its own ({@link SqsServer}), and
 * its functions' {@code SQS} events run as Lambda's event source mappings do ({@link SqsEventSource}).
 */
public final class LocalApi implements AutoCloseable {
    private final HttpFront front;
    private final List<AutoCloseable> resources;
    private final RouteTable table;
    private final List<String> queueLines;
    private final Map<String, String> queueUrls;

    private LocalApi(HttpFront front, List<AutoCloseable> resources, RouteTable table, List<String> queueLines,
            Map<String, String> queueUrls) {
        this.front = front;
        this.resources = resources;
        this.table = table;
        this.queueLines = queueLines;
        this.queueUrls = queueUrls;
    }

    /**
     * @param logicalId a queue's logical ID in the template
     * @return its URL on the local SQS server, where any SQS client can send to it and read it
     * @throws IllegalArgumentException when the template has no such queue
     */
    public String queueUrl(String logicalId) {
        String url = queueUrls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " in the template");
        }
        return url;
    }

    /**
     * Reads the template, checks every route and handler, and starts serving.
     *
     * @param options the command-line options
     * @return the running API; {@link #close()} stops it and every execution environment
     * @throws IOException when the template cannot be read or the port cannot be bound
     */
    public static LocalApi start(Options options) throws IOException {
        SamTemplate template = SamTemplate.read(options.template());
        if (template.routes().isEmpty()) {
            throw new TemplateException(options.template() + " declares no API route");
        }
        List<QueueDef> queues = template.queues();
        template.sqsEventSources(); // checked before anything starts
        Path templateDir = options.template().toAbsolutePath().getParent();
        Path buildDir = options.buildDir() != null ? options.buildDir()
                : Files.isDirectory(templateDir.resolve(".aws-sam/build")) ? templateDir.resolve(".aws-sam/build") : null;
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Path work = Files.createTempDirectory("local-api-");
            resources.add(() -> delete(work));
            OutputRelay relay = new OutputRelay();
            resources.add(relay);
            String region = FunctionEnvironment.region(System.getenv());
            List<String> queueLines = new ArrayList<>();
            SqsServer sqs = null;
            Map<String, SqsServer.Queue> made = Map.of();
            Map<String, String> endpoints = Map.of();
            if (!queues.isEmpty()) {
                sqs = SqsServer.start(options.sqsPort(), region);
                resources.add(0, sqs);
                made = sqs.create(queues, options.visibilityTimeout());
                made.forEach((id, queue) -> template.bind(id, queue.values()));
                endpoints = Map.of(FunctionEnvironment.SQS_ENDPOINT, sqs.endpoint().toString());
                queueLines.add("SQS (ElasticMQ) on " + sqs.endpoint() + ", for any SQS client:");
                made.forEach((id, queue) -> queueLines.add("  " + id + " " + queue.url()));
            }
            RouteTable table = new RouteTable(template.routes());
            List<SqsEventSourceDef> sources = template.sqsEventSources();
            List<FunctionDef> functions = new ArrayList<>();
            table.routes().forEach(route -> functions.add(route.function()));
            sources.forEach(source -> functions.add(source.function()));
            RuntimeClient runtime = options.emulator() == null ? RuntimeClient.unpack(work.resolve("runtime")) : null;
            Map<String, FunctionRunner> runners = new LinkedHashMap<>();
            for (FunctionDef declared : functions) {
                FunctionDef function = declared.withLogFormat(options.logFormat()).withEnvironment(endpoints);
                if (runners.containsKey(function.logicalId())) {
                    continue;
                }
                if (options.emulator() != null) {
                    if (buildDir == null) {
                        throw new TemplateException("--invoke emulator runs `sam build` output: run sam build or pass --build-dir");
                    }
                    EmulatorFunction runner = new EmulatorFunction(function, buildDir, options.emulator(), options.runtimeClient());
                    resources.add(0, runner);
                    runners.put(function.logicalId(), runner);
                } else {
                    Path taskRoot = FunctionCode.taskRoot(function, buildDir, Files.createDirectories(work.resolve("task")));
                    RuntimeFunction runner = new RuntimeFunction(function, taskRoot, runtime, work, relay);
                    resources.add(0, runner);
                    runners.put(function.logicalId(), runner);
                }
            }
            HttpFront front = new HttpFront(options.port(), new Gateway(table, runners));
            resources.add(0, front);
            for (SqsEventSourceDef source : sources) {
                SqsEventSource poller = new SqsEventSource(source, sqs, made.get(source.queue()),
                        runners.get(source.function().logicalId()), region);
                if (!source.enabled() || !options.eventSources()) {
                    queueLines.add("  " + poller.describe() + ": not polled (" + (source.enabled() ? "--event-sources off" : "Enabled: false") + ")");
                    continue;
                }
                resources.add(0, poller);
                poller.start();
                queueLines.add("  " + poller.describe());
            }
            Map<String, String> urls = new LinkedHashMap<>();
            made.forEach((id, queue) -> urls.put(id, queue.url()));
            return new LocalApi(front, resources, table, queueLines, urls);
        } catch (IOException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return front.port();
    }

    List<Route> routes() {
        return table.routes();
    }

    /** What the startup banner says about the queues and their consumers (nothing without queues). */
    List<String> queueLines() {
        return queueLines;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("local-api: while stopping: " + e);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Command-line options.
     *
     * @param template the SAM template
     * @param port the port on 127.0.0.1 (0: any free port)
     * @param buildDir the {@code sam build} output folder, or null
     * @param emulator the {@code aws-lambda-rie} binary to invoke through, or null for the local API's own runtime API
     * @param runtimeClient the folder of the runtime interface client's jars (with {@code emulator})
     * @param logFormat Text or JSON for every function, or null for each function's {@code LoggingConfig.LogFormat}
     * @param sqsPort the port of the SQS server on 127.0.0.1 (0: any free port)
     * @param visibilityTimeout a visibility timeout in seconds for every queue, in place of the template's, or null
     * @param eventSources whether the functions' SQS events poll their queues
     */
    public record Options(Path template, int port, Path buildDir, Path emulator, Path runtimeClient, String logFormat,
            int sqsPort, Integer visibilityTimeout, boolean eventSources) {
        /** The options before queues: the SQS server on a free port, the template's timeouts, event sources on. */
        public Options(Path template, int port, Path buildDir, Path emulator, Path runtimeClient, String logFormat) {
            this(template, port, buildDir, emulator, runtimeClient, logFormat, 0, null, true);
        }

        static Options parse(String[] args, Map<String, String> env) {
            Path template = Path.of("template.yaml");
            int port = 3000;
            Path buildDir = null;
            Path emulator = null;
            Path runtimeClient = null;
            String invoke = "runtime";
            String logFormat = null;
            int sqsPort = 9324;
            Integer visibilityTimeout = null;
            boolean eventSources = true;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    throw new UsageException(null);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--template", "-t" -> template = Path.of(value);
                    case "--port", "-p" -> port = port(value, "--port");
                    case "--build-dir" -> buildDir = Path.of(value);
                    case "--invoke" -> invoke = value;
                    case "--emulator" -> emulator = Path.of(value);
                    case "--runtime-client" -> runtimeClient = Path.of(value);
                    case "--log-format" -> logFormat = logFormat(value, "--log-format " + value);
                    case "--sqs-port" -> sqsPort = port(value, "--sqs-port");
                    case "--visibility-timeout" -> visibilityTimeout = visibility(value);
                    case "--event-sources" -> eventSources = switch (value) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new UsageException("--event-sources is on or off, not " + value);
                    };
                    default -> throw new UsageException("unknown option " + arg);
                }
            }
            if (logFormat == null) {
                // Exported, the variable still works; empty means unset, as in Lambda's own default.
                String exported = env.get("AWS_LAMBDA_LOG_FORMAT");
                if (exported != null && !exported.isBlank()) {
                    logFormat = logFormat(exported, "AWS_LAMBDA_LOG_FORMAT=" + exported);
                }
            }
            if (invoke.equals("emulator")) {
                if (emulator == null || runtimeClient == null) {
                    throw new UsageException("--invoke emulator needs --emulator PATH and --runtime-client DIR");
                }
            } else if (invoke.equals("runtime")) {
                emulator = null;
            } else {
                throw new UsageException("--invoke is runtime or emulator, not " + invoke);
            }
            return new Options(template, port, buildDir, emulator, runtimeClient, logFormat, sqsPort, visibilityTimeout,
                    eventSources);
        }

        private static Integer visibility(String value) {
            try {
                int seconds = Integer.parseInt(value);
                if (seconds >= 0 && seconds <= 43_200) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException("--visibility-timeout " + value + " is not a visibility timeout (0 to 43200 seconds)");
        }

        private static int port(String value, String option) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException(option + " " + value + " is not a port number (0 to 65535; 0 picks a free one)");
        }

        private static String logFormat(String value, String where) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "text" -> "Text";
                case "json" -> "JSON";
                default -> throw new UsageException(where + " is neither Text nor JSON");
            };
        }
    }

    /** A command line that cannot be followed. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final String USAGE = String.join("\n",
            "usage: local-api [--template template.yaml] [--port 3000] [--build-dir .aws-sam/build] [--log-format Text|JSON]",
            "                 [--invoke runtime|emulator] [--emulator PATH/aws-lambda-rie] [--runtime-client DIR]",
            "                 [--sqs-port 9324] [--visibility-timeout SECONDS] [--event-sources on|off]");

    /**
     * Runs until interrupted.
     *
     * @param args see {@link Options}
     */
    public static void main(String[] args) {
        int status = run(args, System.getenv());
        if (status >= 0) {
            System.exit(status);
        }
        try {
            // Every thread of the server is a daemon: serve until Ctrl-C (the shutdown hook stops the environments).
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts from a command line; a status to exit with when it cannot start, or -1 once it serves. */
    static int run(String[] args, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("local-api: " + e.getMessage());
            }
            System.err.println(USAGE);
            return e.getMessage() == null ? 0 : 2;
        }
        try {
            LocalApi api = start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(api::close));
            System.err.println("local-api: " + options.template() + " on http://127.0.0.1:" + api.port()
                    + (options.emulator() == null ? " (each function in JVMs of its own, on the Java runtime interface client)"
                    : " (handlers under " + options.emulator() + ")")
                    + (options.logFormat() == null ? "" : ", log format " + options.logFormat()));
            for (Route route : api.routes()) {
                System.err.println("  " + route.describe());
            }
            for (String line : api.queueLines()) {
                System.err.println("  " + line);
            }
            return -1;
        } catch (TemplateException e) {
            System.err.println("local-api: cannot serve " + options.template() + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            System.err.println("local-api: no template at " + options.template().toAbsolutePath()
                    + "; run local-api in the folder that holds template.yaml, or pass --template PATH");
        } catch (BindException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("SQS port ")) {
                System.err.println("local-api: the SQS port " + options.sqsPort() + " on 127.0.0.1 is already in use ("
                        + e.getMessage().substring(e.getMessage().indexOf(": ") + 2)
                        + "); stop what uses it, or pass --sqs-port N (--sqs-port 0 picks a free port)");
                return 1;
            }
            System.err.println("local-api: port " + options.port() + " on 127.0.0.1 is already in use (" + e.getMessage()
                    + "); stop what uses it, or pass --port N (--port 0 picks a free port)");
        } catch (IOException | UncheckedIOException e) {
            System.err.println("local-api: " + e.getMessage());
        }
        return 1;
    }
}
