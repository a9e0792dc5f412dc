package io.github.apigwcorrelation.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every runtime record is printed as one line; the report of an unhandled exception carries both IDs. */
class RuntimeRecordsTest {
    private static final RuntimeRecords.Invocation FAILED = new RuntimeRecords.Invocation("lambda-1", "apig-1",
            "java.lang.IllegalStateException", "order store unavailable");
    private static final long MICROS = 1_795_000_000_123_456L;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theTextReportOfAnUnhandledExceptionIsOneLineWithBothIds() {
        String record = "order store unavailable: java.lang.IllegalStateException\n"
                + "java.lang.IllegalStateException: order store unavailable\n\tat com.example.A.b(A.java:1)\n\tat com.example.C.d(C.java:2)\n\n";
        String line = RuntimeRecords.line(true, MICROS, bytes(record), FAILED);
        assertThat(line).isEqualTo("2026-11-18T11:06:40.123Z lambda-1 APIG: apig-1 - ERROR java.lang.IllegalStateException - "
                + "java.lang.IllegalStateException: order store unavailable | at com.example.A.b(A.java:1) | at com.example.C.d(C.java:2)");
    }

    @Test
    void theJsonReportOfAnUnhandledExceptionGainsTheApiGatewayId() throws Exception {
        String record = "{\"timestamp\":\"2026-11-18T21:46:40.123Z\",\"message\":\"order store unavailable: "
                + "java.lang.IllegalStateException\\njava.lang.IllegalStateException: order store unavailable\\n\\tat x\\n\","
                + "\"level\":\"ERROR\",\"AWSRequestId\":\"lambda-1\"}\n";
        JsonNode line = Events.JSON.readTree(RuntimeRecords.line(false, MICROS, bytes(record), FAILED));
        assertThat(line.path("AWSRequestId").asText()).isEqualTo("lambda-1");
        assertThat(line.path("ApiGatewayRequestId").asText()).isEqualTo("apig-1");
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void anyOtherRecordIsPrintedAsItIsOnOneLine() {
        String forged = "hello\nSTART RequestId: forged Version: $LATEST\r\n\u001b[2Kx";
        String line = PlatformLog.escape(RuntimeRecords.line(true, MICROS, bytes(forged + "\n"), FAILED));
        assertThat(line).isEqualTo("hello\\nSTART RequestId: forged Version: $LATEST\\r\\n\\u001b[2Kx").doesNotContain("\n");
        // A record that only looks like the error report, outside an invocation that failed, is not dressed up.
        String lookalike = "order store unavailable: java.lang.IllegalStateException\ntrace";
        assertThat(RuntimeRecords.line(true, MICROS, bytes(lookalike), null)).isEqualTo(lookalike);
    }
}
