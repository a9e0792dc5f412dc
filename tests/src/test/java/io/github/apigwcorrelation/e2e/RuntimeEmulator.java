package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function of the {@code sam build} output running on the real Java runtime (the Runtime Interface
 * Client's {@code AWSLambda} main) under the Runtime Interface Emulator, bound to loopback. Everything the
 * processes print is kept in a file and read back as lines.
 */
final class RuntimeEmulator implements AutoCloseable {
    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /**
     * The runtime client loads its JNI library with {@code System.load}; from Java 24 on, the JVM prints four
     * WARNING lines about it at the cold start unless native access is enabled (Java 17 accepts the option and
     * needs nothing). They are the runtime's lines, not the function's: a container image running the client on
     * Java 25 should pass the option as well.
     */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    private static final Pattern START = Pattern.compile("^START RequestId: (\\S+)\\s+Version: .*$");
    private static final Pattern END = Pattern.compile("^END RequestId: (\\S+)\\s*$");
    private static final Pattern REPORT = Pattern.compile("^REPORT RequestId: (\\S+)\\s+.*Duration: .*$");
    /** The emulator's own diagnostics, in its two modes: not function output. */
    private static final Pattern EMULATOR = Pattern.compile(
            "^(\\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[\\w+] \\(rapid\\) .*|time=\\S+ level=\\w+ msg=.*)$");
    /**
     * The runtime client prints this banner in multi-concurrency mode without a line break, so the next
     * line printed is glued to it (runtime interface client 2.9.0).
     */
    private static final Pattern CONCURRENCY_BANNER = Pattern.compile("^Starting \\d+ concurrent function handler threads\\.");
    /** The same banner when the log format is JSON: the emulator wraps it as a line of its own. */
    private static final Pattern CONCURRENCY_BANNER_JSON = Pattern.compile(
            "^\\{\"timestamp\":\"[^\"]+\",\"message\":\"Starting \\d+ concurrent function handler threads\\.\",\"level\":\"INFO\"}$");

    private final Process process;
    private final Path output;
    private final URI invokeUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RuntimeEmulator(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.invokeUri = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
    }

    /**
     * Starts {@code function} of the build output with its handler. {@code maxConcurrency} above 1 runs the
     * emulator's multi-concurrency mode, which needs Lambda's file layout (see managed-instances.sh).
     */
    static RuntimeEmulator start(String function, String handler, String logFormat, int maxConcurrency)
            throws IOException {
        Path functionDir = Tools.samBuildDir().resolve(function);
        if (!Files.isDirectory(functionDir)) {
            throw new AssertionError("sam build output has no " + function + " in " + Tools.samBuildDir());
        }
        Path rie = Tools.runtimeInterfaceEmulator();
        Path clientDir = Tools.runtimeClientDir();
        String java = Tools.runtimeJava().toString();
        int port = freePort();
        int apiPort = freePort();
        Path work = Files.createDirectories(Path.of("target", "emulator").toAbsolutePath());
        Path output = Files.createTempFile(work, function + "-", ".log");

        List<String> command = new ArrayList<>();
        if (maxConcurrency > 1) {
            Path script = Path.of("src/test/resources/runtime/managed-instances.sh").toAbsolutePath();
            command.addAll(List.of("unshare", "--mount", "--propagation", "private", "bash", script.toString(),
                    rie.toString(), functionDir.toString(), clientDir.toString(), java, handler,
                    Integer.toString(port), Integer.toString(apiPort)));
        } else {
            command.addAll(List.of(rie.toString(),
                    "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                    "--runtime-api-address", "127.0.0.1:" + apiPort,
                    java, NATIVE_ACCESS, "-cp", clientDir + "/*", RUNTIME_MAIN, handler));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(functionDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("LAMBDA_TASK_ROOT", functionDir.toString());
        env.put("AWS_LAMBDA_LOG_FORMAT", logFormat);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        env.put("AWS_REGION", "us-east-1");
        env.put("TMPDIR", work.toString());
        env.remove("AWS_LAMBDA_MAX_CONCURRENCY");
        if (maxConcurrency > 1) {
            env.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(maxConcurrency));
        }
        RuntimeEmulator emulator = new RuntimeEmulator(builder.start(), output, port);
        emulator.awaitListening(port);
        return emulator;
    }

    private void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the emulator exited with " + process.exitValue() + ":\n" + String.join("\n", lines()));
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new AssertionError("the emulator did not listen on " + port + ":\n" + String.join("\n", lines()));
    }

    /**
     * In multi-concurrency mode the emulator listens before the runtime's threads have asked for work, and
     * answers "Runtime.Unavailable" until then: invoke until one goes through.
     */
    String invokeWhenReady(String event) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return invoke(event);
            } catch (AssertionError e) {
                if (!e.getMessage().contains("Runtime.Unavailable") || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    /** POSTs one event and returns the function's response body; fails on anything but HTTP 200. */
    String invoke(String event) {
        HttpRequest request = HttpRequest.newBuilder(invokeUri)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("invoke returned " + response.statusCode() + ": " + response.body()
                        + "\n" + String.join("\n", lines()));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything printed so far, one entry per line. */
    List<String> lines() {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            // The processes are still writing: a last line without its newline is not complete yet.
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the function printed, with the emulator's own diagnostics left out and Lambda's markers parsed. */
    List<Printed> printed() {
        List<Printed> result = new ArrayList<>();
        for (String line : lines()) {
            String text = CONCURRENCY_BANNER.matcher(line).replaceFirst("");
            if (text.isEmpty() || EMULATOR.matcher(text).matches() || CONCURRENCY_BANNER_JSON.matcher(text).matches()) {
                continue;
            }
            Matcher m;
            if ((m = START.matcher(text)).matches()) {
                result.add(new Printed(Printed.Kind.START, m.group(1), text));
            } else if ((m = END.matcher(text)).matches()) {
                result.add(new Printed(Printed.Kind.END, m.group(1), text));
            } else if ((m = REPORT.matcher(text)).matches()) {
                result.add(new Printed(Printed.Kind.REPORT, m.group(1), text));
            } else {
                result.add(new Printed(Printed.Kind.APPLICATION, null, text));
            }
        }
        return result;
    }

    /**
     * Waits until at least {@code count} lines of {@code kind} are printed (the emulator prints REPORT after it
     * answers the invoke), failing with the whole output after 20 s.
     */
    List<Printed> awaitPrinted(Printed.Kind kind, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Printed> printed = printed();
        while (printed.stream().filter(p -> p.kind() == kind).count() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(count + " " + kind + " lines in time:\n" + String.join("\n", lines()));
            }
            sleep(50);
            printed = printed();
        }
        return printed;
    }

    /**
     * The application lines of each invocation, by Lambda request ID in the order started, for invocations that run
     * one at a time: each line must come between a START and its END, and a REPORT only after its START.
     */
    static Map<String, List<Printed>> byInvocation(List<Printed> printed) {
        Map<String, List<Printed>> byInvocation = new LinkedHashMap<>();
        String open = null;
        for (Printed line : printed) {
            switch (line.kind()) {
                case START -> {
                    assertThat(open).as("START inside another invocation: " + line.text()).isNull();
                    open = line.requestId();
                    byInvocation.put(open, new ArrayList<>());
                }
                case END -> {
                    assertThat(line.requestId()).as(line.text()).isEqualTo(open);
                    open = null;
                }
                case REPORT -> assertThat(byInvocation).as(line.text()).containsKey(line.requestId());
                case APPLICATION -> {
                    assertThat(open).as("application line outside an invocation: " + line.text()).isNotNull();
                    byInvocation.get(open).add(line);
                }
            }
        }
        return byInvocation;
    }

    /** One line of function output: a Lambda marker with its request ID, or an application line. */
    record Printed(Kind kind, String requestId, String text) {
        enum Kind { START, END, REPORT, APPLICATION }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
