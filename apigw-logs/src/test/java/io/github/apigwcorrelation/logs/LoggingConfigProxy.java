package io.github.apigwcorrelation.logs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forwards every request to moto unchanged, and adds {@code LoggingConfig} to Lambda
 * {@code GetFunctionConfiguration} answers for the functions registered here: moto 5.2.5 does not
 * store a function's LoggingConfig at all. Everything else the tool reads is moto's own answer, except
 * requests {@link #deny denied} here: moto checks no IAM policy, so a missing permission is answered
 * here with the 403 {@code AccessDeniedException} AWS sends.
 */
final class LoggingConfigProxy implements AutoCloseable {
    private static final Pattern CONFIGURATION = Pattern.compile("^/2015-03-31/functions/([^/]+)/configuration$");
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "expect", "upgrade", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final Map<String, String> logGroups = new ConcurrentHashMap<>();
    private final Map<String, String> denied = new ConcurrentHashMap<>();   // "METHOD path" → action

    /** Answers {@code method path} with 403 AccessDeniedException naming {@code action}, until {@link #allowAll}. */
    void deny(String method, String path, String action) {
        denied.put(method + " " + path, action);
    }

    void allowAll() {
        denied.clear();
    }

    LoggingConfigProxy(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes GetFunctionConfiguration of {@code function} answer {@code LoggingConfig.LogGroup = group}. */
    void setLogGroup(String function, String group) {
        logGroups.put(function, group);
    }

    private void forward(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            String action = denied.get(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            if (action != null) {
                byte[] no = ("{\"message\":\"User: arn:aws:iam::123456789012:user/doctor is not authorized to perform: "
                        + action + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/");
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(403, no.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(no);
                }
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase())) {
                    vs.forEach(v -> b.header(k, v));
                }
            });
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] answer = r.body();
            Matcher m = CONFIGURATION.matcher(ex.getRequestURI().getPath());
            if (m.matches() && r.statusCode() == 200) {
                String fn = URI.create("x:/" + m.group(1)).getPath().substring(1);
                String name = fn.substring(fn.lastIndexOf(':') + 1);
                String group = logGroups.get(name);
                if (group != null) {
                    String json = new String(answer, StandardCharsets.UTF_8);
                    answer = ("{\"LoggingConfig\":{\"LogFormat\":\"JSON\",\"LogGroup\":\"" + group + "\"},"
                            + json.substring(json.indexOf('{') + 1)).getBytes(StandardCharsets.UTF_8);
                }
            }
            r.headers().map().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase()) && !k.startsWith(":")) {
                    ex.getResponseHeaders().put(k, List.copyOf(vs));
                }
            });
            ex.sendResponseHeaders(r.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
