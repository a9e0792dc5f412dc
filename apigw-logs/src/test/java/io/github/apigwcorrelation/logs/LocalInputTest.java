package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apigw-logs local}: what sam local or the local API printed, grouped by request. */
class LocalInputTest {
    private static final String A = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    private static final String L1 = "17e2e82d-2c77-4a6d-b251-546905c5334a";
    private static final String L2 = "773bd3c9-79af-4419-b21d-7424b60331fc";

    // Two invocations as `sam local invoke` prints them, with a line the handler printed without IDs.
    static final List<String> SAM_OUTPUT = List.of(
            "Invoking com.example.orders.GetOrderHandler::handleRequest (java21)",
            "START RequestId: " + L1 + " Version: $LATEST",
            "2026-11-21T19:31:25.135Z " + L1 + " APIG: " + A + " - INFO  Correlation - API Gateway Request ID: " + A + " Lambda Request ID: " + L1,
            "2026-11-21T19:31:25.136Z " + L1 + " APIG: " + A + " - INFO  GetOrderHandler - GET order 42",
            "cache warm-up done",
            "END RequestId: " + L1,
            "REPORT RequestId: " + L1 + "\tInit Duration: 412.30 ms\tDuration: 523.45 ms\tBilled Duration: 524 ms\tMemory Size: 512 MB\tMax Memory Used: 140 MB\t",
            "START RequestId: " + L2 + " Version: $LATEST",
            "{\"timestamp\":\"2026-11-21T19:31:46.101Z\",\"level\":\"INFO\",\"message\":\"Pricing order 7\",\"logger\":\"OrderService\",\"AWSRequestId\":\"" + L2 + "\",\"ApiGatewayRequestId\":\"Rt-other=\"}",
            "END RequestId: " + L2,
            "REPORT RequestId: " + L2 + "\tDuration: 9.81 ms\tBilled Duration: 10 ms\tMemory Size: 512 MB\tMax Memory Used: 141 MB\t");

    private String out;
    private String err;

    private int run(String stdin, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new Cli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), (r, p, x) -> {
                    throw new AssertionError("local reads no AWS API");
                }, () -> 0L, false, ms -> { }).run(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void groupsStandardInputByRequestWithIdlessLinesInTheirInvocation() {
        assertThat(run(String.join("\n", SAM_OUTPUT) + "\n", "local")).isZero();

        assertThat(out.lines()).containsExactly(
                "request " + A,
                "  Lambda local · " + L1 + " · - · stdin",
                "    " + SAM_OUTPUT.get(1),
                "    " + SAM_OUTPUT.get(2),
                "    " + SAM_OUTPUT.get(3),
                "    cache warm-up done",
                "    " + SAM_OUTPUT.get(5),
                "    " + SAM_OUTPUT.get(6),
                "summary: request " + A + " · status ? · local " + L1 + " 523.45 ms, cold start (init 412.30 ms)",
                "request Rt-other=",
                "  Lambda local · " + L2 + " · - · stdin",
                "    " + SAM_OUTPUT.get(7),
                "    " + SAM_OUTPUT.get(8),
                "    " + SAM_OUTPUT.get(9),
                "    " + SAM_OUTPUT.get(10),
                "summary: request Rt-other= · status ? · local " + L2 + " 9.81 ms, warm");
        assertThat(err).isEmpty();
    }

    @Test
    void readsAFileAndKeepsOnlyTheRequestAskedFor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sam-local.log");
        Files.write(file, SAM_OUTPUT, StandardCharsets.UTF_8);

        assertThat(run("", "local", file.toString(), "--request", L2, "--output", "json")).isZero();

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(Json.parseObject(lines.get(1))).containsEntry("section", "lambda").containsEntry("lambdaRequestId", L2)
                .containsEntry("apiGatewayRequestId", "Rt-other=").containsEntry("logStream", file.toString());
        assertThat(Json.parseObject(lines.get(4))).containsEntry("summary", true).containsEntry("lambdaRequestId", L2)
                .containsEntry("durationMs", "9.81").containsEntry("coldStart", false);
    }

    @Test
    void saysSoWhenNoLineMentionsTheRequest() {
        assertThat(run(String.join("\n", SAM_OUTPUT), "local", "-", "--request", "nope")).isEqualTo(3);
        assertThat(out).isEmpty();
        assertThat(err).isEqualTo("apigw-logs: no line of the input mentions nope\n");
    }

    @Test
    void printsEachStoryAsSoonAsItsReportArrivesWhileInputIsStillOpen() throws Exception {
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(feed);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicInteger code = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread reader = new Thread(() -> code.set(new Cli(stdin, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), (r, p, x) -> {
                    throw new AssertionError("local reads no AWS API");
                }, () -> 0L, false, ms -> { }).run("local")));
        reader.start();
        // The first invocation, up to its REPORT; the input stays open, as local-api's output does.
        feed.write((String.join("\n", SAM_OUTPUT.subList(0, 7)) + "\n").getBytes(StandardCharsets.UTF_8));
        feed.flush();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!o.toString(StandardCharsets.UTF_8).contains("summary:") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(o.toString(StandardCharsets.UTF_8).lines()).hasSize(9).last().asString().startsWith("summary: request " + A);
        assertThat(reader.isAlive()).isTrue();

        feed.write((String.join("\n", SAM_OUTPUT.subList(7, SAM_OUTPUT.size())) + "\n").getBytes(StandardCharsets.UTF_8));
        feed.close();
        reader.join(10_000);
        assertThat(code.get()).isZero();
        assertThat(o.toString(StandardCharsets.UTF_8).lines()).hasSize(16);
    }

    @Test
    void readsInvalidUtf8FromAFileAsStandardInputDoesReplacingBadBytes(@TempDir Path dir) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String line : SAM_OUTPUT) {
            bytes.write(line.getBytes(StandardCharsets.UTF_8));
            if (line.startsWith("cache")) {
                bytes.write(new byte[] {' ', (byte) 0xff, (byte) 0xc3, '(', ' ', (byte) 0xed, (byte) 0xa0, (byte) 0x80});
            }
            bytes.write('\n');
        }
        Path file = dir.resolve("bad-utf8.log");
        Files.write(file, bytes.toByteArray());

        assertThat(run("", "local", file.toString())).isZero();
        String fromFile = out.replace(file.toString(), "stdin");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        assertThat(new Cli(new java.io.ByteArrayInputStream(bytes.toByteArray()), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), (r, p, x) -> {
                    throw new AssertionError();
                }, () -> 0L, false, ms -> { }).run("local")).isZero();
        assertThat(fromFile).isEqualTo(o.toString(StandardCharsets.UTF_8));
        assertThat(fromFile).contains("    cache warm-up done \ufffd\ufffd( \ufffd\n").contains("summary: request " + A);
    }
}
