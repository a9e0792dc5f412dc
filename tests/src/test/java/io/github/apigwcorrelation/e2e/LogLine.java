package io.github.apigwcorrelation.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One printed line, parsed strictly in the format Lambda was started with: a line that does not parse is a
 * forged or broken line, and fails the test that reads it.
 */
record LogLine(String lambdaId, String apiGatewayId, String originId, String level, String logger, String message,
        String raw, String messageId) {
    static final boolean JSON = "JSON".equalsIgnoreCase(System.getenv("AWS_LAMBDA_LOG_FORMAT"));
    private static final Pattern TEXT = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (\\S*) APIG: (\\S*)(?: ORIGIN: (\\S+))? - "
                    + "(TRACE|DEBUG|INFO |WARN |ERROR|FATAL) (\\S+) - (.*)$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static LogLine parse(String raw) {
        return parse(raw, JSON);
    }

    static LogLine parse(String raw, boolean json) {
        return json ? parseJson(raw) : parseText(raw);
    }

    private static LogLine parseText(String raw) {
        Matcher m = TEXT.matcher(raw);
        if (!m.matches()) {
            throw new AssertionError("not a line of the sample's text pattern: " + raw);
        }
        // The Text pattern has no message ID: a consumer's Text line names it in the library's Record line only.
        return new LogLine(m.group(1), m.group(2), m.group(3), m.group(4).trim(), m.group(5), m.group(6), raw, null);
    }

    private static LogLine parseJson(String raw) {
        JsonNode node;
        try {
            node = MAPPER.readTree(raw);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + raw, e);
        }
        if (!node.isObject() || !node.path("timestamp").isTextual() || !node.path("level").isTextual()) {
            throw new AssertionError("not a line of the sample's JSON layout: " + raw);
        }
        String logger = node.path("logger").asText();
        return new LogLine(node.path("AWSRequestId").asText(""), node.path("ApiGatewayRequestId").asText(""),
                node.path("OriginRequestId").isTextual() ? node.path("OriginRequestId").asText() : null,
                node.path("level").asText(), logger.substring(logger.lastIndexOf('.') + 1),
                node.path("message").asText(), raw,
                node.path("MessageId").isTextual() ? node.path("MessageId").asText() : null);
    }
}
