package io.github.apigwcorrelation.logs;

import io.github.apigwcorrelation.logs.Line.Kind;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request IDs and figures out of the log formats on both sides of an API Gateway → Lambda call:
 * API Gateway execution logs, JSON access logs, Lambda's text and JSON (advanced logging controls)
 * platform lines, this project's text layout and JSON template, and the runtimes' tab-separated lines.
 *
 * <p>What a line is depends on where it was written, not on its text alone: a function can print any
 * text, so only the execution log group yields execution lines and only the configured access log
 * group yields access entries. In a function's group (or local output) the text can still claim to be
 * a platform record; {@link Stories} checks such claims against the invocation sequence of the stream.
 */
final class LineParser {
    // (<id>) <message>: every REST API execution log line.
    private static final Pattern EXECUTION = Pattern.compile("^\\(([^()\\s]{1,128})\\) (.*)$", Pattern.DOTALL);
    // Lambda's ID as API Gateway records it: response headers (data trace), the INFO summary line, errors.
    private static final Pattern EXEC_LAMBDA_ID = Pattern.compile(
            "(?:[{ ,]x-amzn-RequestId=|^AWS Integration Endpoint RequestId : |Lambda request id: )([0-9A-Za-z-]{8,64})");
    private static final Pattern EXEC_STATUS = Pattern.compile("^Method completed with status: (\\d{3})");
    private static final Pattern EXEC_INTEGRATION = Pattern.compile(
            "^Received response\\. (?:Status: \\d+, )?Integration latency: (\\d+) ms");
    private static final Pattern EXEC_EXTENDED = Pattern.compile("^Extended Request Id: (\\S+)");

    private static final Pattern START = Pattern.compile("^START RequestId: (\\S+)");
    private static final Pattern END = Pattern.compile("^END RequestId: (\\S+)");
    private static final Pattern REPORT = Pattern.compile("^REPORT RequestId: (\\S+)");
    // The function's duration, not "Init Duration" or "Billed Duration" (the emulator prints Init first).
    private static final Pattern DURATION = Pattern.compile("(?<!Init )(?<!Billed )(?<!Restore )Duration: ([\\d.]+) ms");
    private static final Pattern INIT_DURATION = Pattern.compile("Init Duration: ([\\d.]+) ms");
    private static final Pattern PLATFORM_TEXT = Pattern.compile("^(?:INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY)\\b");

    // <ts> <AWSRequestId> APIG: <ApiGatewayRequestId>[ ORIGIN: <OriginRequestId>] - <level> <logger> - <message>:
    // the library's text layout (the ORIGIN part only on lines of a chain that started elsewhere).
    private static final Pattern OUR_TEXT = Pattern.compile(
            "^\\S+ (\\S+) APIG: (\\S+)(?: ORIGIN: (\\S+))? - (?:([A-Z]{4,5}) +(\\S+) - (.*))?", Pattern.DOTALL);

    /** The library's own logger: {@code %c{1}} in the Text pattern, the {@code logger} field in JSON. */
    static final String LIBRARY_LOGGER = "io.github.apigwcorrelation.Correlation";
    private static final String LIBRARY_LOGGER_SHORT = "Correlation";
    // What the library writes about the records of a batch (CorrelatedSqsHandler, CorrelatedSnsHandler).
    private static final Pattern RECORD = Pattern.compile("^Record: Message ID: (\\S+) Origin Request ID: (\\S+) "
            + "Lambda Request ID: (\\S+)(?: Sent: (\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z) \\(-?\\d{1,15} ms ago\\))?$");
    // An ERROR line; a Text line carries the exception after the message, JSON in fields of its own.
    private static final Pattern RECORD_FAILED = Pattern.compile(
            "^Record failed: Message ID: (\\S+) Origin Request ID: (\\S+) Lambda Request ID: (\\S+)(?: |$)");
    private static final Pattern BATCH = Pattern.compile("^Lambda Request ID: (\\S+) \\((\\d{1,5}) (?:SQS messages?|SNS records?)\\)$");
    // <ts>\t<request id>\t<level>\t...: the Node.js/Python runtimes' own text lines.
    private static final Pattern RUNTIME_TEXT = Pattern.compile("^\\S+\\t([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\t");

    private LineParser() {
    }

    /**
     * Classifies one message written to a group of kind {@code where}; never throws.
     *
     * @param where what writes to the group the line came from
     */
    static Line parse(String message, Source.Kind where) {
        String m = message == null ? "" : message.strip();
        switch (where) {
            case EXECUTION: {
                Matcher x = EXECUTION.matcher(m);
                return x.matches() ? parseExecution(x.group(1), x.group(2)) : Line.of(Kind.APP);
            }
            case ACCESS: {
                Map<String, Object> json = m.startsWith("{") ? Json.parseObject(m) : null;
                return json != null && Json.text(json, "requestId") != null ? parseAccess(json) : Line.of(Kind.APP);
            }
            default:
                return parseFunctionLine(m);
        }
    }

    /** A line of a function's log group or of local output: Lambda platform records and application lines. */
    private static Line parseFunctionLine(String m) {
        if (m.startsWith("{")) {
            Map<String, Object> json = Json.parseObject(m);
            if (json != null) {
                return parseJson(json, m);
            }
        }
        Matcher s = START.matcher(m);
        if (s.find()) {
            return Line.of(Kind.START).withIds(null, s.group(1));
        }
        Matcher e = END.matcher(m);
        if (e.find()) {
            return Line.of(Kind.END).withIds(null, e.group(1));
        }
        Matcher r = REPORT.matcher(m);
        if (r.find()) {
            return Line.of(Kind.REPORT).withIds(null, r.group(1))
                    .withDurations(group(DURATION, m), group(INIT_DURATION, m));
        }
        if (PLATFORM_TEXT.matcher(m).find()) {
            return Line.of(Kind.PLATFORM);
        }
        Matcher ours = OUR_TEXT.matcher(m);
        if (ours.find()) {
            Line line = Line.of(Kind.APP).withIds(ours.group(2), ours.group(1)).withOrigin(ours.group(3));
            boolean library = LIBRARY_LOGGER_SHORT.equals(ours.group(5));
            return library ? withRecord(line, ours.group(4), ours.group(6)) : line;
        }
        Matcher rt = RUNTIME_TEXT.matcher(m);
        if (rt.find()) {
            return Line.of(Kind.APP).withIds(null, rt.group(1));
        }
        return Line.of(Kind.APP);
    }

    private static Line parseExecution(String apigwId, String rest) {
        Line line = Line.of(Kind.EXECUTION).withIds(apigwId, group(EXEC_LAMBDA_ID, rest));
        Matcher status = EXEC_STATUS.matcher(rest);
        if (status.find()) {
            line = line.withStatus(status.group(1), null, null);
        }
        Matcher integration = EXEC_INTEGRATION.matcher(rest);
        if (integration.find()) {
            line = line.withStatus(null, null, integration.group(1));
        }
        Matcher extended = EXEC_EXTENDED.matcher(rest);
        if (extended.find()) {
            line = line.withExtended(extended.group(1));
        }
        return line;
    }

    private static Line parseJson(Map<String, Object> json, String raw) {
        String type = Json.text(json, "type");
        if (type != null && type.startsWith("platform.")) {
            String id = Json.text(json, "record", "requestId");
            switch (type) {
                case "platform.start":
                    return Line.of(Kind.START).withIds(null, id);
                case "platform.runtimeDone":
                case "platform.end":
                    return Line.of(Kind.END).withIds(null, id);
                case "platform.report":
                    return Line.of(Kind.REPORT).withIds(null, id).withDurations(
                            Json.text(json, "record", "metrics", "durationMs"),
                            Json.text(json, "record", "metrics", "initDurationMs"));
                default:
                    return Line.of(Kind.PLATFORM).withIds(null, id);
            }
        }
        // Application line: our template writes AWSRequestId; Lambda's own JSON format writes requestId.
        Line line = Line.of(Kind.APP)
                .withIds(first(json, "ApiGatewayRequestId", "apiGatewayRequestId"),
                        first(json, "AWSRequestId", "requestId"))
                .withExtended(first(json, "ApiGatewayExtendedRequestId"))
                .withOrigin(first(json, "OriginRequestId"));
        boolean library = LIBRARY_LOGGER.equals(Json.text(json, "logger")) && !Json.hasDuplicateTopLevelKey(raw);
        return library ? withRecord(line, Json.text(json, "level"), Json.text(json, "message")) : line;
    }

    /**
     * The library's line about a record or a batch, believed only when everything it says agrees with the IDs
     * the line carries as fields (the Lambda ID, the origin): the message is text, and a handler that logs
     * a message body through a logger of the same name could otherwise make up a record.
     */
    private static Line withRecord(Line line, String level, String message) {
        if (message == null || level == null) {
            return line;
        }
        String lambda = line.lambdaRequestId();
        Matcher r = RECORD.matcher(message);
        if (level.equals("INFO") && r.matches() && agrees(line, r.group(2), r.group(3)) && plausible(r.group(1))) {
            Long sent = r.group(4) == null ? null : sentAt(r.group(4));
            return line.withRecord(new Line.RecordLine(Line.RecordLine.What.RECEIVED, r.group(1), sent));
        }
        Matcher f = RECORD_FAILED.matcher(message);
        if (level.equals("ERROR") && f.find() && agrees(line, f.group(2), f.group(3)) && plausible(f.group(1))) {
            return line.withRecord(new Line.RecordLine(Line.RecordLine.What.FAILED, f.group(1), null));
        }
        Matcher b = BATCH.matcher(message);
        if (level.equals("INFO") && b.matches() && lambda != null && lambda.equals(b.group(1)) && line.originRequestId() == null) {
            return line.withRecord(new Line.RecordLine(Line.RecordLine.What.BATCH, null, null));
        }
        return line;
    }

    private static boolean agrees(Line line, String origin, String lambda) {
        String o = origin.equals("-") ? null : origin;
        return line.lambdaRequestId() != null && line.lambdaRequestId().equals(lambda)
                && java.util.Objects.equals(line.originRequestId(), o);
    }

    /** A message ID as SQS and SNS issue them: at most 128 letters, digits and - _ . : = + / @. */
    private static boolean plausible(String id) {
        return id.length() <= 128 && id.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "-_.:=+/@".indexOf(c) >= 0));
    }

    private static Long sentAt(String iso) {
        try {
            return java.time.Instant.parse(iso).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** An access log entry: {@code $context} variables, whatever the user named them. */
    private static Line parseAccess(Map<String, Object> json) {
        String lambda = first(json, "lambdaRequestId", "integrationRequestId", "awsRequestId");
        return Line.of(Kind.ACCESS).withIds(Json.text(json, "requestId"), lambda)
                .withExtended(Json.text(json, "extendedRequestId"))
                .withStatus(Json.text(json, "status"),
                        first(json, "responseLatency", "latency"),
                        first(json, "integrationLatency"))
                .withRequestTime(first(json, "requestTimeEpoch"));
    }

    private static String first(Map<String, Object> json, String... keys) {
        for (String k : keys) {
            String v = Json.text(json, k);
            if (v != null && !v.isBlank() && !v.equals("-")) {
                return v;
            }
        }
        return null;
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }
}
