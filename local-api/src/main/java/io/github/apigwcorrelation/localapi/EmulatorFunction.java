package io.github.apigwcorrelation.localapi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a function on the real Java runtime (the runtime interface client) under the Runtime Interface
 * Emulator, bound to loopback: one emulator per function, started on first use, invocations one at a
 * time as in one Lambda execution environment. The emulator prints {@code START/END/REPORT} itself.
 */
final class EmulatorFunction implements FunctionRunner, AutoCloseable {
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Pattern EMULATOR_LINE =
            Pattern.compile("^\\d\\d \\w{3} \\d{4} [\\d:,]+ \\[\\w+] \\(rapid\\) .*");
    private final FunctionDef function;
    private final Path functionDir;
    private final Path emulator;
    private final Path runtimeClient;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private URI invokeUri;

    EmulatorFunction(FunctionDef function, Path buildDir, Path emulator, Path runtimeClient) {
        this.function = function;
        this.functionDir = buildDir.resolve(function.logicalId());
        this.emulator = emulator;
        this.runtimeClient = runtimeClient;
        if (!Files.isDirectory(functionDir)) {
            throw new TemplateException("function " + function.logicalId() + ": no " + functionDir
                    + " (the emulator runs `sam build` output; run sam build first)");
        }
        if (!Files.isExecutable(emulator)) {
            throw new TemplateException("--emulator " + emulator + " is not an executable aws-lambda-rie");
        }
    }

    @Override
    public synchronized Result invoke(Call call) {
        byte[] event = call.event();
        try {
            ensureStarted();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(invokeUri)
                    .timeout(Duration.ofSeconds(function.timeoutSeconds() + 30L))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(), HttpResponse.BodyHandlers.ofByteArray());
            String requestId = response.headers().firstValue("X-Amzn-RequestId").orElse("-");
            boolean failed = response.headers().firstValue("X-Amz-Function-Error").isPresent() || looksLikeError(response.body());
            return new Result(requestId, response.body(), failed);
        } catch (IOException e) {
            throw new IllegalStateException("function " + function.logicalId() + ": the emulator failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The runtime's error document: errorType and errorMessage and nothing a function result would add. */
    private static boolean looksLikeError(byte[] body) {
        try {
            var node = Events.JSON.readTree(body);
            return node.isObject() && node.has("errorType") && node.has("errorMessage")
                    && node.size() <= 4 && !node.has("statusCode");
        } catch (IOException e) {
            return false;
        }
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(emulator.toString(),
                "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                "--runtime-api-address", "127.0.0.1:" + freePort(),
                java, "-cp", runtimeClient + "/*", RUNTIME_MAIN, function.handler()))
                .directory(functionDir.toFile())
                .redirectErrorStream(true);
        // The function's own environment, as in Lambda: not the local API's.
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(FunctionEnvironment.of(function, functionDir.toString(), System.getenv()));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(function.timeoutSeconds()));
        process = builder.start();
        Thread pump = new Thread(() -> relay(process.getInputStream()), "emulator-output-" + function.logicalId());
        pump.setDaemon(true);
        pump.start();
        invokeUri = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the emulator exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("the emulator did not listen on port " + port);
    }

    /** The function's lines and Lambda's START/END/REPORT go to standard output; the emulator's own chatter does not. */
    private static void relay(InputStream output) {
        try (var reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!EMULATOR_LINE.matcher(line).matches()) {
                    PlatformLog.print(line);
                }
            }
        } catch (IOException ended) {
            // the emulator stopped
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
