package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigateway.model.MethodSetting;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * {@code doctor}: checks everything the correlation of one API stage depends on, and says for each gap
 * how to fix it in one line:
 * <ul>
 *   <li>execution logging at {@code INFO} (REST and WebSocket APIs), and the account's CloudWatch role
 *       that lets API Gateway write it;</li>
 *   <li>an access log in CloudWatch Logs whose JSON format holds {@code $context.requestId} under
 *       {@code requestId} and the integration's request ID ({@code $context.integration.requestId} or
 *       {@code $context.awsEndpointRequestId}) under a key {@code apigw-logs} reads, plus the latencies
 *       the waterfall uses;</li>
 *   <li>every log group: the execution log's, the access log's, and each integrated function's, with
 *       the function's {@code LoggingConfig};</li>
 *   <li>the functions' recent application lines carry both IDs, with this library's keys
 *       ({@code AWSRequestId} and {@code ApiGatewayRequestId} in JSON) or its Text prefix
 *       ({@code <lambda id> APIG: <api gateway id> -}).</li>
 * </ul>
 * A check that cannot be made (a permission is missing) fails, naming the permission.
 */
final class Doctor {
    /** Keys {@link LineParser} reads the integration's request ID from, in an access log entry. */
    static final List<String> LAMBDA_ID_KEYS = List.of("lambdaRequestId", "integrationRequestId", "awsRequestId");
    private static final Pattern FORMAT_FIELD = Pattern.compile("\"([^\"]{1,64})\"\\s*:\\s*\"?\\$context\\.([A-Za-z.]{1,64})\"?");
    // The ORIGIN part is there on lines of a chain that started at another API (an HTTP call with X-Origin-Request-Id).
    private static final Pattern TEXT_PREFIX = Pattern.compile("^\\S+ (\\S+) APIG: (\\S+)(?: ORIGIN: \\S+)? - ");
    private static final String SUGGESTED_FORMAT = "{\"requestId\":\"$context.requestId\",\"extendedRequestId\":\"$context.extendedRequestId\","
            + "\"lambdaRequestId\":\"$context.integration.requestId\",\"status\":\"$context.status\","
            + "\"responseLatency\":\"$context.responseLatency\",\"integrationLatency\":\"$context.integration.latency\"}";

    /**
     * One check's outcome.
     *
     * @param name what was checked
     * @param ok whether it holds
     * @param detail what was found
     * @param fix one line that fixes it, when it does not hold
     */
    record Check(String name, boolean ok, String detail, String fix) {
    }

    private final Clients c;
    private final Pacer pacer;
    private final LongSupplier clock;
    private final List<Check> checks = new ArrayList<>();

    Doctor(Clients c, Pacer pacer, LongSupplier clock) {
        this.c = c;
        this.pacer = pacer;
        this.clock = clock;
    }

    /**
     * Runs every check of a stage.
     *
     * @param sources the stage's log groups, as {@link Discovery} found them
     * @param kind {@code REST}, {@code HTTP} or {@code WEBSOCKET}
     * @param since how far back to look for the functions' recent lines, in ms
     */
    List<Check> run(String apiId, String stage, List<Source> sources, String kind, long since) throws InterruptedException {
        String region = c.apigateway.serviceClientConfiguration().region().id();
        if (!kind.equals("HTTP")) {
            executionLogging(apiId, stage, kind);
            accountRole(region);
        }
        accessLog(apiId, stage, kind);
        for (Source s : sources) {
            if (s.kind() == Source.Kind.LAMBDA) {
                function(s);
            } else {
                group(s, s.kind() == Source.Kind.EXECUTION ? "send one request after turning execution logging on"
                        : "send one request; if none appears, check the account's CloudWatch role (above)");
            }
        }
        for (Source s : sources) {
            if (s.kind() == Source.Kind.LAMBDA) {
                recentLines(s, since);
            }
        }
        return checks;
    }

    private void add(String name, boolean ok, String detail, String fix) {
        checks.add(new Check(name, ok, detail, ok ? null : fix));
    }

    /** A check that could not be made: the call failed; the fix names the permission. */
    private void cannot(String name, String action, String resource, SdkException e) {
        CliException why = AwsErrors.translate(action, resource, e);
        add(name, false, "cannot check: " + firstSentence(why.getMessage()),
                why.exitCode == 4 ? "grant " + action + " on " + resource + " to the caller" : "check --region and the credentials, then run again");
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot > 0 && dot < 300 ? s.substring(0, dot + 1) : s.length() > 300 ? s.substring(0, 299) + "…" : s;
    }

    private void executionLogging(String apiId, String stage, String kind) {
        String name = "execution logging";
        if (kind.equals("WEBSOCKET")) {
            try {
                var st = c.apigatewayv2.getStage(r -> r.apiId(apiId).stageName(stage));
                String level = st.defaultRouteSettings() == null ? null : st.defaultRouteSettings().loggingLevelAsString();
                add(name, "INFO".equals(level), "default route logging level " + (level == null ? "not set (OFF)" : level),
                        "aws apigatewayv2 update-stage --api-id " + apiId + " --stage-name " + stage
                                + " --default-route-settings LoggingLevel=INFO");
            } catch (SdkException e) {
                cannot(name, "apigateway:GET", "/v2/apis/" + apiId + "/stages/" + stage, e);
            }
            return;
        }
        try {
            var st = c.apigateway.getStage(r -> r.restApiId(apiId).stageName(stage));
            Map<String, MethodSetting> settings = st.methodSettings() == null ? Map.of() : st.methodSettings();
            MethodSetting all = settings.get("*/*");
            String level = all == null ? null : all.loggingLevel();
            List<String> lower = settings.entrySet().stream().filter(e -> !e.getKey().equals("*/*"))
                    .filter(e -> e.getValue().loggingLevel() != null && !e.getValue().loggingLevel().equals("INFO"))
                    .map(e -> e.getKey() + " " + e.getValue().loggingLevel()).sorted().collect(Collectors.toList());
            boolean ok = "INFO".equals(level) && lower.isEmpty();
            add(name, ok, "level " + (level == null ? "not set (OFF)" : level) + " for every method (*/*)"
                            + (lower.isEmpty() ? "" : "; lower for " + String.join(", ", lower)),
                    "aws apigateway update-stage --rest-api-id " + apiId + " --stage-name " + stage
                            + " --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO"
                            + (lower.isEmpty() ? "" : " (and the same for each method listed)"));
        } catch (SdkException e) {
            cannot(name, "apigateway:GET", "/restapis/" + apiId + "/stages/" + stage, e);
        }
    }

    private void accountRole(String region) {
        String name = "account CloudWatch role";
        try {
            String role = c.apigateway.getAccount(r -> { }).cloudwatchRoleArn();
            boolean ok = role != null && !role.isBlank();
            add(name, ok, ok ? role : "none set, so API Gateway cannot write execution or access logs in " + region,
                    "aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=<ARN of a role "
                            + "API Gateway can assume, with AmazonAPIGatewayPushToCloudWatchLogs>");
        } catch (SdkException e) {
            cannot(name, "apigateway:GET", "/account", e);
        }
    }

    private void accessLog(String apiId, String stage, String kind) {
        String destination;
        String format;
        try {
            if (kind.equals("REST")) {
                var st = c.apigateway.getStage(r -> r.restApiId(apiId).stageName(stage));
                destination = st.accessLogSettings() == null ? null : st.accessLogSettings().destinationArn();
                format = st.accessLogSettings() == null ? null : st.accessLogSettings().format();
            } else {
                var st = c.apigatewayv2.getStage(r -> r.apiId(apiId).stageName(stage));
                destination = st.accessLogSettings() == null ? null : st.accessLogSettings().destinationArn();
                format = st.accessLogSettings() == null ? null : st.accessLogSettings().format();
            }
        } catch (SdkException e) {
            cannot("access log", "apigateway:GET", (kind.equals("REST") ? "/restapis/" : "/v2/apis/") + apiId + "/stages/" + stage, e);
            return;
        }
        String setFormat = kind.equals("REST")
                ? "aws apigateway update-stage --rest-api-id " + apiId + " --stage-name " + stage
                        + " --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=<log group ARN> "
                        + "'op=replace,path=/accessLogSettings/format,value=" + SUGGESTED_FORMAT + "'"
                : "aws apigatewayv2 update-stage --api-id " + apiId + " --stage-name " + stage
                        + " --access-log-settings 'DestinationArn=<log group ARN>,Format=" + SUGGESTED_FORMAT.replace(",", "\\,") + "'";
        if (destination == null || !destination.contains(":log-group:")) {
            add("access log", false, destination == null ? "none" : "goes to " + destination + ", not CloudWatch Logs", setFormat);
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();   // $context variable → key
        Matcher m = FORMAT_FIELD.matcher(format == null ? "" : format);
        while (m.find()) {
            fields.putIfAbsent(m.group(2), m.group(1));
        }
        String where = Discovery.logGroupOf(destination);
        boolean json = format != null && format.strip().startsWith("{");
        String requestKey = fields.get("requestId");
        String lambdaVar = fields.containsKey("integration.requestId") ? "integration.requestId"
                : fields.containsKey("awsEndpointRequestId") ? "awsEndpointRequestId" : null;
        String lambdaKey = lambdaVar == null ? null : fields.get(lambdaVar);
        boolean ok = json && "requestId".equals(requestKey) && lambdaKey != null && LAMBDA_ID_KEYS.contains(lambdaKey);
        String detail = !json ? "the format is not JSON: " + bounded(format)
                : "to " + where + "; requestId " + (requestKey == null ? "missing" : "as \"" + requestKey + "\"")
                + ", integration request ID " + (lambdaKey == null ? "missing" : "as \"" + lambdaKey + "\" ($context." + lambdaVar + ")");
        add("access log IDs", ok, detail, ok ? null : "use a JSON format with \"requestId\":\"$context.requestId\" and \"lambdaRequestId\":"
                + "\"$context.integration.requestId\": " + setFormat);
        String total = fields.get("responseLatency");
        String integration = fields.containsKey("integration.latency") ? fields.get("integration.latency") : fields.get("integrationLatency");
        boolean latencies = "responseLatency".equals(total) && "integrationLatency".equals(integration);
        add("access log latencies (waterfall)", latencies, "responseLatency " + (total == null ? "missing" : "as \"" + total + "\"")
                        + ", integration latency " + (integration == null ? "missing" : "as \"" + integration + "\""),
                "add \"responseLatency\":\"$context.responseLatency\",\"integrationLatency\":\"$context.integration.latency\" to the format: "
                        + setFormat);
    }

    private static String bounded(String s) {
        return s == null ? "(none)" : s.length() > 120 ? s.substring(0, 119) + "…" : s;
    }

    /** Whether a log group exists. */
    private Boolean exists(Source s, String name) throws InterruptedException {
        try {
            return pacer.call("logs:DescribeLogGroups", () -> c.logs.describeLogGroups(r -> r.logGroupNamePrefix(s.group())))
                    .logGroups().stream().anyMatch(g -> g.logGroupName().equals(s.group()));
        } catch (SdkException e) {
            cannot(name, "logs:DescribeLogGroups", "log group " + s.group(), e);
            return null;
        }
    }

    private void group(Source s, String fix) throws InterruptedException {
        String name = s.label() + " log group";
        Boolean exists = exists(s, name);
        if (exists != null) {
            add(name, exists, s.group() + (exists ? "" : " does not exist"), fix);
        }
    }

    private void function(Source s) throws InterruptedException {
        String name = "function " + s.label();
        String config;
        try {
            GetFunctionConfigurationResponse f = c.lambda.getFunctionConfiguration(r -> r.functionName(s.label()));
            var lc = f.loggingConfig();
            config = lc == null ? "LoggingConfig not set (Text, /aws/lambda/" + s.label() + ")"
                    : "LoggingConfig " + (lc.logFormatAsString() == null ? "Text" : lc.logFormatAsString())
                    + (lc.logGroup() == null || lc.logGroup().isBlank() ? ", default group" : ", group " + lc.logGroup());
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                add(name, false, "the integration names a function that does not exist",
                        "fix the integration URI, or deploy " + s.label());
                return;
            }
            cannot(name, "lambda:GetFunctionConfiguration", "function " + s.label(), e);
            return;
        }
        Boolean exists = exists(s, name);
        if (exists != null) {
            add(name, exists, config + "; " + s.group() + (exists ? " exists" : " does not exist"),
                    "invoke " + s.label() + " once (Lambda creates its group on the first line), or: aws logs create-log-group --log-group-name "
                            + s.group());
        }
    }

    private void recentLines(Source s, long since) throws InterruptedException {
        String name = "function " + s.label() + " lines carry both IDs";
        long now = clock.getAsLong();
        List<FilteredLogEvent> events;
        try {
            events = pacer.call("logs:FilterLogEvents on " + s.group(), () -> c.logs.filterLogEvents(
                    r -> r.logGroupName(s.group()).startTime(now - since).limit(500))).events();
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                add(name, false, "no log group to read", "see the function's log group above");
                return;
            }
            cannot(name, "logs:FilterLogEvents", "log group " + s.group(), e);
            return;
        }
        int app = 0;
        int both = 0;
        for (FilteredLogEvent e : events) {
            if (LineParser.parse(e.message(), Source.Kind.LAMBDA).kind() != Line.Kind.APP) {
                continue;
            }
            app++;
            if (carriesBothIds(e.message())) {
                both++;
            }
        }
        String window = since % 3_600_000 == 0 ? since / 3_600_000 + " h" : since / 60_000 + " min";
        if (app == 0) {
            add(name, false, "no application line in the last " + window,
                    "call the API, then run doctor again (or widen --since)");
            return;
        }
        add(name, both > 0, both + " of " + app + " application lines in the last " + window + " carry both",
                "log through apigw-correlation: extend CorrelatedRequestHandler (or wrap the handler) and use its Text pattern "
                        + "or JSON template (README, 'Use it')");
    }

    /**
     * Whether a line carries both IDs the way this library writes them: JSON with {@code AWSRequestId} and
     * {@code ApiGatewayRequestId}, or the Text prefix {@code <time> <lambda id> APIG: <id> - }. The
     * placeholder {@code -} is not an ID.
     */
    static boolean carriesBothIds(String message) {
        String m = message == null ? "" : message.strip();
        if (m.startsWith("{")) {
            Map<String, Object> json = Json.parseObject(m);
            return json != null && isId(Json.text(json, "AWSRequestId")) && isId(Json.text(json, "ApiGatewayRequestId"));
        }
        Matcher t = TEXT_PREFIX.matcher(m);
        return t.find() && isId(t.group(1)) && isId(t.group(2));
    }

    private static boolean isId(String v) {
        return v != null && !v.equals("-") && RequestFinder.searchable(v);
    }
}
