package io.github.apigwcorrelation.localapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * How one record the runtime wrote (one log frame) is printed: always as one line. The runtime's report of an
 * unhandled exception, which Lambda keeps as one CloudWatch event, gets both IDs of its invocation: in Text the
 * shape of the library's text pattern with the stack trace joined by {@code " | "}, in JSON the runtime's own
 * object with {@code ApiGatewayRequestId} added.
 */
final class RuntimeRecords {
    private RuntimeRecords() {}

    /**
     * The invocation under way when a record arrives.
     *
     * @param lambdaRequestId its Lambda request ID
     * @param apiGatewayRequestId the API Gateway request ID of the request that invoked
     * @param errorType the {@code errorType} the runtime posted to {@code /error}, or null
     * @param errorMessage the {@code errorMessage} it posted, or null
     */
    record Invocation(String lambdaRequestId, String apiGatewayRequestId, String errorType, String errorMessage) {}

    /**
     * The line to print for one record.
     *
     * @param text true for a Text-format record, false for JSON
     * @param micros the record's timestamp, in microseconds since the epoch
     * @param record the record's bytes
     * @param under the invocation under way, or null (init, or between invocations)
     */
    static String line(boolean text, long micros, byte[] record, Invocation under) {
        String message = new String(record, StandardCharsets.UTF_8);
        while (message.endsWith("\n")) {
            message = message.substring(0, message.length() - 1);
        }
        // The runtime writes "<errorMessage>: <errorType>" and the stack trace right after posting the error.
        String errorStart = under == null || under.errorType() == null ? null
                : under.errorMessage() + ": " + under.errorType() + "\n";
        if (errorStart != null && text && message.startsWith(errorStart)) {
            return unhandled(under, micros, message.substring(errorStart.length()));
        }
        if (errorStart != null && !text && parse(message) instanceof ObjectNode object
                && object.path("message").asText("").startsWith(errorStart)) {
            if (!object.hasNonNull("AWSRequestId")) {
                object.put("AWSRequestId", under.lambdaRequestId());
            }
            object.put("ApiGatewayRequestId", under.apiGatewayRequestId());
            return object.toString();
        }
        // Any other record as it is; printing escapes its line breaks, so it stays one line.
        return message;
    }

    private static String unhandled(Invocation under, long micros, String trace) {
        StringBuilder line = new StringBuilder()
                .append(PlatformLog.TIME.format(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000)))
                .append(' ').append(under.lambdaRequestId()).append(" APIG: ").append(under.apiGatewayRequestId())
                .append(" - ERROR ").append(under.errorType()).append(" - ");
        String separator = "";
        for (String part : trace.split("\n")) {
            if (!part.isBlank()) {
                line.append(separator).append(part.strip());
                separator = " | ";
            }
        }
        return line.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Events.JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
