package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.localapi.LocalApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local API at its edges, with raw bytes over a raw socket: every early answer is API Gateway's status
 * with its request ID headers, read whole by the client (never a reset), and nothing the client sends reaches
 * the terminal as a control character or chooses the logged request ID.
 */
@ExtendWith(LambdaOutput.Capture.class)
class LocalApiEdgesTest {
    private static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        LambdaOutput.install();
        api = LocalApi.start(new LocalApi.Options(SampleRoutes.repoRoot().resolve("template.yaml"), 0,
                java.nio.file.Path.of("target/no-sam-build"), null, null, LogLine.JSON ? "JSON" : "Text",
                // No consumer: its lines would come after a POST /orders, into another test's capture (LocalApiChainTest has them).
                0, null, false));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A parsed HTTP response: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, String body) {
        void hasRestIds() {
            assertThat(headers).containsKeys("x-amzn-requestid", "x-amz-apigw-id", "x-amzn-trace-id");
            assertThat(headers.get("x-amzn-requestid")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
    }

    /** Writes {@code head}, then {@code body} unless the server answers first; reads the answer to the end. */
    private static Answer exchange(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            try {
                out.write(head);
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before the whole request is sent; the answer is still readable
            }
            return read(in);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                if (text.startsWith("HTTP/1.1 100 ")) {
                    head.reset();
                    continue;
                }
                break;
            }
        }
        String[] lines = head.toString(StandardCharsets.UTF_8).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownPathOrMethodOfTheRestApiIs403MissingAuthenticationToken() throws IOException {
        for (String request : List.of("GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "DELETE /orders/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            Answer answer = exchange(ascii(request), null);
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
            assertThat(answer.headers()).containsEntry("x-amzn-errortype", "MissingAuthenticationTokenException");
            answer.hasRestIds();
        }
        assertThat(LambdaOutput.drain()).isEmpty();
    }

    @Test
    void aBodyOverTheQuotaIs413BeforeContinueAndTheClientReadsIt() throws IOException {
        Answer expecting = exchange(ascii("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 11000000\r\nExpect: 100-continue\r\n\r\n"), null);
        assertThat(expecting.status()).isEqualTo(413);
        assertThat(expecting.body()).isEqualTo("{\"message\": \"Request Too Long\"}");
        expecting.hasRestIds();

        // Without Expect the client sends all of it; the answer still arrives whole, not as a reset.
        Answer sent = exchange(ascii("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 11000000\r\n\r\n"), new byte[11_000_000]);
        assertThat(sent.status()).isEqualTo(413);
        sent.hasRestIds();
        assertThat(LambdaOutput.drain()).isEmpty();
    }

    @Test
    void anEventOverLambdasSixMegabytesNeverReachesTheFunction() throws IOException {
        // 6.5 MB of JSON: under API Gateway's 10 MB, over Lambda's 6,291,456 bytes once it is the event.
        byte[] body = ascii("{\"item\":\"" + "x".repeat(6_500_000) + "\"}");
        Answer rest = exchange(ascii("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n"), body);
        assertThat(rest.status()).isEqualTo(413);
        assertThat(rest.body()).isEqualTo("{\"message\": \"Request Too Long\"}");
        assertThat(rest.headers()).containsEntry("x-amzn-errortype", "BadRequestException");
        rest.hasRestIds();

        Answer http = exchange(ascii("GET /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                + body.length + "\r\n\r\n"), body);
        assertThat(http.status()).isEqualTo(413);
        assertThat(http.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
        assertThat(http.headers()).containsKey("apigw-requestid").doesNotContainKey("x-amzn-requestid");
        assertThat(LambdaOutput.drain()).as("no invocation started").isEmpty();
    }

    @Test
    void hugeOrCountlessHeadersAre431WithTheRequestIds() throws IOException {
        Answer oneMegabyte = exchange(ascii("GET /orders/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n"), null);
        Answer sixteenMegabytes = exchange(ascii("GET /orders/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(16 << 20) + "\r\n\r\n"), null);
        StringBuilder many = new StringBuilder("GET /orders/1 HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 2_000; i++) {
            many.append(String.format("X-Header-%04d: value-%04d\r\n", i, i));
        }
        Answer countless = exchange(ascii(many.append("\r\n").toString()), null);

        for (Answer answer : List.of(oneMegabyte, sixteenMegabytes, countless)) {
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.body()).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");
            answer.hasRestIds();
        }
        assertThat(LambdaOutput.drain()).isEmpty();
    }

    @Test
    void aMalformedRequestIs400WithTheRequestIds() throws IOException {
        for (String request : List.of("GET /orders/1 HTTP/1.1 extra\r\n\r\n", "GET /orders/1 HTTP/1.1\r\nBad Name: x\r\n\r\n",
                "GET /orders/1 HTTP/1.1\r\nNo-Colon\r\n\r\n", "GET /orders/1 HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                "\u001b[2KGET /orders/1 HTTP/1.1\r\n\r\n")) {
            Answer answer = exchange(ascii(request), null);
            assertThat(answer.status()).as(request).isEqualTo(400);
            answer.hasRestIds();
        }
        assertThat(LambdaOutput.drain()).isEmpty();
    }

    @Test
    void controlCharactersAndClientChosenIdsInThePathHeadersAndQueryForgeNoLine() throws IOException {
        String forgedId = "11111111-2222-3333-4444-555555555555";
        // The order ID (logged by the handler) holds ESC sequences, a line break, a C1 control and a forged line.
        String path = "/orders/%1b%5B2K%1b%5D0%3Bx%07%0D%0A2026-01-01T00:00:00.000Z%20x%20APIG:%20FORGED%20-%20INFO%20%C2%9B%E2%80%A8";
        Answer answer = exchange(ascii("GET " + path + "?%1b%5Bq%00=%0a%7f HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "X-Amzn-RequestId: " + forgedId + "\r\nX-Amzn-Trace-Id: Root=1-00000000-000000000000000000000000\u001b[2K\r\n"
                + "User-Agent: \u001b]0;pwned\u0007\u007f\r\n\r\n"), null);
        List<String> output = LambdaOutput.drain();

        assertThat(answer.status()).isEqualTo(200);
        answer.hasRestIds();
        String requestId = answer.headers().get("x-amzn-requestid");
        assertThat(requestId).isNotEqualTo(forgedId);
        assertThat(String.join("\n", output)).doesNotContain(forgedId).doesNotContain("\u001b").doesNotContain("\u0007")
                .doesNotContain("\u009b").doesNotContain("\u2028").doesNotContain("\u007f");
        for (String raw : output) {
            if (!raw.matches("^(START|END|REPORT) RequestId: .*") && !raw.contains("\"type\":\"platform.")) {
                LogLine line = LogLine.parse(raw);
                assertThat(line.apiGatewayId()).as(raw).isEqualTo(requestId);
            }
        }
    }
}
