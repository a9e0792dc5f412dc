package io.github.apigwcorrelation.localapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda execution environment: a JVM of its own running the real Java runtime (the runtime interface
 * client's {@code AWSLambda} main) on the function's code, with the function's environment variables and
 * memory, talking to the Lambda Runtime API that this class serves on loopback. One invocation at a time.
 *
 * <p>Lifecycle, as in Lambda: the process starts (cold start) and initializes until its first
 * {@code GET /runtime/invocation/next}; that call is the end of init. Each invocation is handed out as the
 * answer to a {@code next}, ends with {@code POST /response} or {@code /error}, and is reported
 * ({@code END}/{@code REPORT}) when the runtime asks for the next one, so whatever it printed after returning is
 * inside the invocation. An invocation that outlives the function's {@code Timeout} kills the environment.
 */
final class ExecutionEnvironment implements AutoCloseable {
    /** Lambda's synchronous response payload limit (6 MB and 100 bytes, as its error says). */
    static final int MAX_RESPONSE = 6_291_556;
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Pattern REQUEST_PATH =
            Pattern.compile("^/2018-06-01/runtime/invocation/([^/]+)/(response|error)$");
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-api-timeouts");
        t.setDaemon(true);
        return t;
    });
    /** Lambda's init phase may take 10 s before the invocation's own timeout starts counting. */
    private static final long INIT_SECONDS = 10;

    private final FunctionDef function;
    private final HttpServer runtimeApi;
    private final ExecutorService apiThreads;
    private final Process process;
    private final long startedNanos = System.nanoTime();
    private final CompletableFuture<Double> ready = new CompletableFuture<>();
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final OutputRelay.Source frames;
    private final OutputRelay.Source text;
    private volatile Invocation current;
    private volatile boolean dead;
    private volatile byte[] initError;
    private volatile String initErrorType;
    private boolean initReported;

    /** One invocation in this environment. */
    private static final class Invocation {
        final String id = UUID.randomUUID().toString();
        final FunctionRunner.Call call;
        final CompletableFuture<FunctionRunner.Result> done = new CompletableFuture<>();
        long handedNanos;
        long answeredNanos;
        byte[] payload;
        boolean failed;
        boolean timedOut;
        boolean finished;
        String errorType;
        String errorMessage;
        ScheduledFuture<?> timer;

        Invocation(FunctionRunner.Call call) {
            this.call = call;
        }
    }

    /**
     * Starts the process; it initializes in the background.
     *
     * @param function the function, with its effective log format
     * @param taskRoot its code, laid out as {@code /var/task} ({@code LAMBDA_TASK_ROOT}, the runtime's working directory)
     * @param runtime the runtime interface client's files
     * @param tmp this environment's own {@code /tmp}
     * @param relay where its output goes
     */
    ExecutionEnvironment(FunctionDef function, Path taskRoot, RuntimeClient runtime, Path tmp, OutputRelay relay)
            throws IOException {
        this.function = function;
        this.apiThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api-" + function.logicalId());
            t.setDaemon(true);
            return t;
        });
        this.runtimeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        runtimeApi.setExecutor(apiThreads);
        runtimeApi.createContext("/2018-06-01/runtime/", this::serve);
        runtimeApi.start();

        Map<String, String> env = FunctionEnvironment.of(function, taskRoot.toString(), System.getenv());
        env.put("LAMBDA_RUNTIME_DIR", runtime.directory().toString());
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getAddress().getPort());
        // The runtime writes its log records as frames to this descriptor, so a multi-line record stays one record.
        env.put("_LAMBDA_TELEMETRY_LOG_FD", "3");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                // fd 3 (frames) becomes this process's stdout pipe; stdout and stderr share the other pipe.
                "exec \"$0\" \"$@\" 3>&1 1>&2",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As Lambda's Java runtimes start the JVM: 85 % of the memory for the heap, serial GC, C1 only.
                "-XX:MaxHeapSize=" + Math.round(function.memoryMb() * 1024 * 0.85) + "k",
                "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                // The runtime opens the telemetry descriptor through FileDescriptor's private constructor.
                "--add-opens=java.base/java.io=ALL-UNNAMED", "-Djava.net.preferIPv4Stack=true",
                // It loads its JNI client with System.load: no restricted-method WARNING on Java 24+ (17 accepts it).
                "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp,
                // The runtime would unpack its native client to the shared /tmp, racing other environments.
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + runtime.nativeLibrary(),
                "-classpath", runtime.classPath(), RUNTIME_MAIN, function.handler()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            this.process = builder.start();
        } catch (IOException e) {
            runtimeApi.stop(0);
            apiThreads.shutdownNow();
            throw e;
        }
        process.getOutputStream().close();
        this.frames = relay.add(process.getInputStream(), new OutputRelay.Frames(this::frame, this::line));
        this.text = relay.add(process.getErrorStream(), new OutputRelay.Lines(this::line));
        process.onExit().thenRun(this::exited);
    }

    boolean alive() {
        return !dead;
    }

    /** Runs one invocation: waits for init (cold start), hands the event out, waits until it is reported. */
    FunctionRunner.Result invoke(FunctionRunner.Call call) {
        Invocation invocation = new Invocation(call);
        try {
            ready.get(INIT_SECONDS + function.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            return new FunctionRunner.Result(invocation.id, initError != null ? initError
                    : error("Runtime.ExitError", "RequestId: " + invocation.id + " Error: Runtime failed to initialize"), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        pending.add(invocation);
        if (dead) {
            // It died between init and now: nobody will take the invocation.
            exited();
        }
        try {
            return invocation.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher m = REQUEST_PATH.matcher(path);
            if (method.equals("GET") && path.equals("/2018-06-01/runtime/invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && m.matches()) {
                answer(exchange, m.group(1), m.group(2).equals("error"));
            } else if (method.equals("POST") && path.equals("/2018-06-01/runtime/init/error")) {
                initErrorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                initError = readBody(exchange, MAX_RESPONSE);
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"Unknown Runtime API path\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    /** The runtime is ready for work: the previous invocation (or init) is over. */
    private void next(HttpExchange exchange) throws IOException {
        Invocation previous = current;
        if (previous != null) {
            finish(previous, PlatformLog.Outcome.OK);
            current = null;
        } else if (!ready.isDone()) {
            ready.complete((System.nanoTime() - startedNanos) / 1e6);
        }
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        current = invocation;
        // Lines printed while initializing or between invocations come before START.
        frames.drain();
        text.drain();
        invocation.handedNanos = System.nanoTime();
        PlatformLog.start(function.json(), invocation.id);
        long timeoutMillis = function.timeoutSeconds() * 1000L;
        invocation.timer = TIMERS.schedule(() -> timeout(invocation), timeoutMillis, TimeUnit.MILLISECONDS);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.id);
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + timeoutMillis));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:" + Events.ACCOUNT_ID + ":function:" + function.logicalId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=" + invocation.call.traceId() + ";Sampled=0");
        byte[] event = invocation.call.event();
        exchange.sendResponseHeaders(200, event.length == 0 ? -1 : event.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(event);
        }
    }

    private void answer(HttpExchange exchange, String id, boolean error) throws IOException {
        Invocation invocation = current;
        if (invocation == null || !invocation.id.equals(id)) {
            reply(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        byte[] body = readBody(exchange, MAX_RESPONSE);
        synchronized (invocation) {
            if (invocation.answeredNanos != 0) {
                reply(exchange, 400, "{\"errorMessage\":\"Invalid state transition\",\"errorType\":\"InvalidStateTransition\"}");
                return;
            }
            invocation.answeredNanos = System.nanoTime();
            if (body == null) {
                // What Lambda gives the caller when the function returns more than it may.
                invocation.payload = error("Function.ResponseSizeTooLarge",
                        "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE + " bytes).");
                invocation.failed = true;
            } else {
                invocation.payload = body;
                invocation.failed = error;
                if (error) {
                    JsonNode doc = parse(body);
                    invocation.errorType = doc == null ? null : doc.path("errorType").asText(null);
                    invocation.errorMessage = doc == null ? null : doc.path("errorMessage").asText(null);
                }
            }
        }
        if (body == null) {
            reply(exchange, 413, "{\"errorMessage\":\"Exceeded maximum allowed payload size (" + MAX_RESPONSE
                    + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
        } else {
            reply(exchange, 202, "{\"status\":\"OK\"}");
        }
    }

    private void timeout(Invocation invocation) {
        synchronized (invocation) {
            if (invocation.finished) {
                return;
            }
            invocation.timedOut = true;
            if (invocation.answeredNanos == 0) {
                String message = PlatformLog.timeoutMessage(invocation.id, function.timeoutSeconds());
                ObjectNode doc = Events.JSON.createObjectNode().put("errorMessage", message);
                invocation.payload = doc.toString().getBytes(StandardCharsets.UTF_8);
                invocation.failed = true;
                invocation.errorMessage = message;
            }
        }
        // Lambda stops the environment; the next invocation starts a new one (a cold start).
        dead = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // report anyway
        }
        frames.drain();
        text.drain();
        if (invocation.answeredNanos == 0) {
            PlatformLog.timedOut(function.json(), invocation.id, invocation.errorMessage);
        }
        finish(invocation, new PlatformLog.Outcome("timeout", null));
    }

    /** Prints END and REPORT (once) and gives the caller the result. */
    private void finish(Invocation invocation, PlatformLog.Outcome outcome) {
        synchronized (invocation) {
            if (invocation.finished) {
                return;
            }
            invocation.finished = true;
        }
        if (invocation.timer != null) {
            invocation.timer.cancel(false);
        }
        frames.drain();
        text.drain();
        long end = invocation.answeredNanos != 0 && !invocation.timedOut ? invocation.answeredNanos : System.nanoTime();
        double initMs = 0;
        synchronized (this) {
            if (!initReported) {
                initReported = true;
                initMs = ready.getNow(0.0);
            }
        }
        PlatformLog.end(function.json(), invocation.id, function.memoryMb(), (end - invocation.handedNanos) / 1e6, initMs,
                maxMemoryMb(), outcome);
        invocation.done.complete(new FunctionRunner.Result(invocation.id,
                invocation.payload == null ? "null".getBytes(StandardCharsets.UTF_8) : invocation.payload, invocation.failed));
    }

    /**
     * The process is gone: report whatever was under way. What it wrote is in the pipes already; reading them
     * without waiting for their end keeps a process it started (and that holds them open) from stalling this.
     */
    private synchronized void exited() {
        dead = true;
        frames.drain();
        text.drain();
        if (!ready.isDone()) {
            double initMs = (System.nanoTime() - startedNanos) / 1e6;
            PlatformLog.initFailed(function.json(), initMs, initErrorType != null ? initErrorType : "Runtime.ExitError");
            ready.completeExceptionally(new IllegalStateException("init failed"));
        }
        Invocation invocation = current;
        if (invocation != null && !invocation.timedOut) {
            synchronized (invocation) {
                if (invocation.answeredNanos == 0) {
                    invocation.payload = error("Runtime.ExitError", "RequestId: " + invocation.id
                            + " Error: Runtime exited with error: exit status " + process.exitValue());
                    invocation.failed = true;
                }
            }
            finish(invocation, new PlatformLog.Outcome("error", "Runtime.ExitError"));
        }
        Invocation waiting;
        while ((waiting = pending.poll()) != null) {
            waiting.done.complete(new FunctionRunner.Result(waiting.id, error("Runtime.ExitError",
                    "RequestId: " + waiting.id + " Error: Runtime exited with error: exit status " + process.exitValue()), true));
        }
        runtimeApi.stop(0);
        apiThreads.shutdownNow();
    }

    /** A record the runtime wrote through its log sink (the function's Log4j2 lines come this way). */
    private void frame(boolean textFormat, int level, long micros, byte[] record) {
        Invocation invocation = current;
        RuntimeRecords.Invocation under = invocation == null ? null : new RuntimeRecords.Invocation(invocation.id,
                invocation.call.apiGatewayRequestId(), invocation.errorType, invocation.errorMessage);
        PlatformLog.print(RuntimeRecords.line(textFormat, micros, record, under));
    }

    /** A line the JVM wrote to standard output or error (System.out, the JVM's own warnings). */
    private void line(String line) {
        PlatformLog.print(line);
    }

    /** The process's peak resident memory, as Lambda's Max Memory Used. */
    private long maxMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process has exited
        }
        return 0;
    }

    private static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
            return body;
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static byte[] error(String type, String message) {
        ObjectNode doc = Events.JSON.createObjectNode();
        doc.put("errorMessage", message);
        doc.put("errorType", type);
        return doc.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Events.JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        dead = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        runtimeApi.stop(0);
        apiThreads.shutdownNow();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s environment (pid %d)", function.logicalId(), process.pid());
    }
}
