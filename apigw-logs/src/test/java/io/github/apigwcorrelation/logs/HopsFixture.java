package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * One request's chain as the library logs it, for the unit and the moto tests alike. {@code POST /orders}
 * (API Gateway request {@link #A}) runs {@code CreateOrderFunction} (Text), which sends order 42 to a queue at
 * {@code t + 300}. {@code FulfilOrderFunction} (JSON) receives it cold in a batch with another request's
 * message, fails on it, and gets it again 30 s later (a retry, warm); {@code NotifyFunction} (Text, an
 * EventBridge target, no Sent time) then mails the customer. Around them: another request's invocation,
 * a handler that logs a message body shaped like the library's {@code Record:} line, a raw line with a
 * forged Text prefix, and an ID-less line in the mixed batch.
 */
final class HopsFixture {
    static final String A = "7a1c9e42-5d3b-4f68-9b20-4c8e1f6a2d73";
    static final String E = "Sx4hGv9kIAMEbQw=";
    static final String L = "b3f1d2c4-8e7a-4b5c-9d6e-1f2a3b4c5d6e";
    /** Another request, whose message shares the first batch. */
    static final String OTHER = "0d9c8b7a-6f5e-4d3c-8b2a-19f8e7d6c5b4";
    static final String C1 = "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8";
    static final String C2 = "c2b3c4d5-e6f7-4081-9a2b-b4c5d6e7f809";
    static final String C3 = "c3c4d5e6-f708-4192-ab3c-c5d6e7f8091a";
    static final String N1 = "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7";
    static final String M1 = "059f36b4-87a3-44ab-83d2-661975830a7d";
    static final String M9 = "d1b5e0a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    static final String M10 = "a8b7c6d5-e4f3-4a2b-9c1d-0e9f8a7b6c5d";
    static final String FORGER = "ffffffff-ffff-4fff-bfff-ffffffffffff";

    static final String CREATE_GROUP = "/aws/lambda/CreateOrderFunction";
    static final String FULFIL_GROUP = "/aws/lambda/FulfilOrderFunction";
    static final String NOTIFY_GROUP = "/aws/lambda/NotifyFunction";
    static final String ACCESS_GROUP = "/aws/apigateway/orders/rest-access";
    static final String CREATE_STREAM = "2026/11/27/[$LATEST]2b7e1c9d4a5f6e3b8c0d1a2f3e4b5c6d";
    static final String FULFIL_STREAM = "2026/11/27/[$LATEST]f0e1d2c3b4a5968778695a4b3c2d1e0f";
    static final String FULFIL_STREAM_OTHER = "2026/11/27/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String NOTIFY_STREAM = "2026/11/27/[$LATEST]9a8b7c6d5e4f30211203f4e5d6c7b8a9";
    static final String EXEC_STREAM = "3c59dc048e8850243be8079a5c74d079";
    static final String ACCESS_STREAM = "e4da3b7fbbce2345d7772b0674a318d5";

    /** One event to write. */
    record Seed(String group, String stream, long timestamp, String message) {
    }

    private final long t;
    final String api;
    private final String execGroup;
    final List<Seed> seeds = new ArrayList<>();

    /** The chain with the request's first line at {@code t}; {@code api} is the REST API's ID. */
    HopsFixture(long t, String api) {
        this.t = t;
        this.api = api;
        this.execGroup = "API-Gateway-Execution-Logs_" + api + "/prod";
        request(api);
        firstBatch();
        otherRequestsInvocation();
        retry();
        notification();
    }

    String execGroup() {
        return execGroup;
    }

    /**
     * Deploys the chain on moto and writes its lines: a CloudFormation stack {@code stack} with the three
     * functions, the queue and its event source mapping to FulfilOrderFunction, a topic and a rule (for
     * NotifyFunction), and a REST API (not in the stack) whose {@code POST /orders} calls CreateOrderFunction.
     */
    static HopsFixture deploy(MotoApi aws, String stack, long t) {
        String role = aws.role();
        String fn = "\"Type\":\"AWS::Lambda::Function\",\"Properties\":{\"Runtime\":\"java21\",\"Handler\":\"com.example.Handler\","
                + "\"Role\":\"" + role + "\",\"Code\":{\"ZipFile\":\"the code never runs here\"},\"FunctionName\":";
        String template = "{\"Resources\":{"
                + "\"CreateOrder\":{" + fn + "\"CreateOrderFunction\"}},"
                + "\"FulfilOrder\":{" + fn + "\"FulfilOrderFunction\"}},"
                + "\"Notify\":{" + fn + "\"NotifyFunction\"}},"
                + "\"Orders\":{\"Type\":\"AWS::SQS::Queue\",\"Properties\":{\"QueueName\":\"orders-queue\"}},"
                + "\"OrdersToFulfil\":{\"Type\":\"AWS::Lambda::EventSourceMapping\",\"Properties\":{\"EventSourceArn\":"
                + "{\"Fn::GetAtt\":[\"Orders\",\"Arn\"]},\"FunctionName\":{\"Ref\":\"FulfilOrder\"}}},"
                + "\"Fulfilled\":{\"Type\":\"AWS::SNS::Topic\"},"
                + "\"MailCustomer\":{\"Type\":\"AWS::Events::Rule\",\"Properties\":{\"EventPattern\":{\"source\":[\"orders\"]},"
                + "\"Targets\":[{\"Arn\":{\"Fn::GetAtt\":[\"Notify\",\"Arn\"]},\"Id\":\"notify\"}]}}}}";
        aws.cloudformation.createStack(r -> r.stackName(stack).templateBody(template));
        String api = aws.createRestApi("orders-" + stack);
        aws.addLambdaMethod(api, aws.addResource(api, aws.rootResource(api), "orders"), "POST",
                software.amazon.awssdk.services.apigateway.model.IntegrationType.AWS_PROXY, MotoApi.functionArn("CreateOrderFunction"));
        aws.deploy(api, "prod", ACCESS_GROUP);
        HopsFixture f = new HopsFixture(t, api);
        java.util.Map<String, List<Seed>> streams = new java.util.LinkedHashMap<>();
        f.seeds.forEach(x -> streams.computeIfAbsent(x.group() + "\u0000" + x.stream(), k -> new ArrayList<>()).add(x));
        for (List<Seed> events : streams.values()) {
            MotoApi.Stream s = aws.stream(events.get(0).group(), events.get(0).stream());
            events.stream().sorted(java.util.Comparator.comparingLong(Seed::timestamp)).forEach(x -> s.add(x.timestamp(), x.message()));
            s.write();
        }
        return f;
    }

    private void add(String group, String stream, long offset, String message) {
        seeds.add(new Seed(group, stream, t + offset, message));
    }

    private void request(String api) {
        exec(0, "Extended Request Id: " + E);
        exec(1, "Starting execution for request: " + A);
        exec(2, "HTTP Method: POST, Resource Path: /orders");
        exec(5, "Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
                + MotoApi.functionArn("CreateOrderFunction") + "/invocations");
        add(CREATE_GROUP, CREATE_STREAM, 7, "START RequestId: " + L + " Version: $LATEST");
        add(CREATE_GROUP, CREATE_STREAM, 9, text(9, L, A, null, "INFO ", "Correlation",
                "API Gateway Request ID: " + A + " Lambda Request ID: " + L));
        add(CREATE_GROUP, CREATE_STREAM, 10, text(10, L, A, null, "INFO ", "OrderHandler", "POST order 42 for customer 7"));
        add(CREATE_GROUP, CREATE_STREAM, 299, text(299, L, A, null, "INFO ", "OrderHandler", "order 42 sent to orders-queue"));
        add(CREATE_GROUP, CREATE_STREAM, 300, "END RequestId: " + L);
        add(CREATE_GROUP, CREATE_STREAM, 301, "REPORT RequestId: " + L + "\tDuration: 294.20 ms\tBilled Duration: 295 ms\t"
                + "Memory Size: 512 MB\tMax Memory Used: 140 MB");
        exec(305, "Received response. Status: 201, Integration latency: 300 ms");
        exec(306, "Method completed with status: 201");
        exec(307, "AWS Integration Endpoint RequestId : " + L);
        add(ACCESS_GROUP, ACCESS_STREAM, 310, "{\"requestId\":\"" + A + "\",\"extendedRequestId\":\"" + E + "\",\"lambdaRequestId\":\""
                + L + "\",\"status\":\"201\",\"responseLatency\":\"310\",\"integrationLatency\":\"300\"}");
    }

    private void exec(long offset, String message) {
        add(execGroup, EXEC_STREAM, offset, "(" + A + ") " + message);
    }

    /** The cold first batch: another request's message, then order 42's, which fails. */
    private void firstBatch() {
        add(FULFIL_GROUP, FULFIL_STREAM, 440, "{\"time\":\"" + iso(440) + "\",\"type\":\"platform.initStart\",\"record\":"
                + "{\"initializationType\":\"on-demand\",\"phase\":\"init\",\"runtimeVersion\":\"java:21.v30\","
                + "\"functionName\":\"FulfilOrderFunction\",\"functionVersion\":\"$LATEST\"}}");
        add(FULFIL_GROUP, FULFIL_STREAM, 790, "{\"time\":\"" + iso(790) + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                + C1 + "\",\"version\":\"$LATEST\"}}");
        add(FULFIL_GROUP, FULFIL_STREAM, 791, json(791, "INFO", "Lambda Request ID: " + C1 + " (2 SQS messages)", LIBRARY, C1, null, null));
        add(FULFIL_GROUP, FULFIL_STREAM, 792, json(792, "INFO", record(M9, OTHER, C1, 100, 792), LIBRARY, C1, OTHER, M9));
        add(FULFIL_GROUP, FULFIL_STREAM, 793, json(793, "INFO", "fulfilling order 9", FULFIL, C1, OTHER, M9));
        add(FULFIL_GROUP, FULFIL_STREAM, 795, json(795, "INFO", record(M1, A, C1, 300, 795), LIBRARY, C1, A, M1));
        add(FULFIL_GROUP, FULFIL_STREAM, 796, json(796, "INFO", "fulfilling order 42", FULFIL, C1, A, M1));
        // The handler logs the message body, which a sender shaped like the library's line: a line of order 42, not a record.
        add(FULFIL_GROUP, FULFIL_STREAM, 797, json(797, "INFO", "body: Record: Message ID: forged-1 Origin Request ID: " + A
                + " Lambda Request ID: " + C1, FULFIL, C1, A, M1));
        add(FULFIL_GROUP, FULFIL_STREAM, 798, json(798, "INFO", record("forged-2", A, C1, 300, 798), FULFIL, C1, A, M1));
        add(FULFIL_GROUP, FULFIL_STREAM, 799, "pallet 7 scanned");   // System.out: whose record, nobody can say
        add(FULFIL_GROUP, FULFIL_STREAM, 800, "{\"timestamp\":\"" + iso(800) + "\",\"level\":\"ERROR\",\"message\":\"Record failed: Message ID: "
                + M1 + " Origin Request ID: " + A + " Lambda Request ID: " + C1 + "\",\"logger\":\"" + LIBRARY
                + "\",\"errorType\":\"java.io.UncheckedIOException\",\"errorMessage\":\"warehouse API timed out\","
                + "\"AWSRequestId\":\"" + C1 + "\",\"ApiGatewayRequestId\":\"-\",\"OriginRequestId\":\"" + A
                + "\",\"MessageId\":\"" + M1 + "\"}");
        add(FULFIL_GROUP, FULFIL_STREAM, 801, "{\"time\":\"" + iso(801) + "\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\""
                + C1 + "\",\"status\":\"success\"}}");
        add(FULFIL_GROUP, FULFIL_STREAM, 802, "{\"time\":\"" + iso(802) + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
                + C1 + "\",\"metrics\":{\"durationMs\":9.5,\"billedDurationMs\":10,\"memorySizeMB\":512,\"maxMemoryUsedMB\":150,"
                + "\"initDurationMs\":350.12},\"status\":\"success\"}}");
    }

    /** Another request's own invocation in a second environment: none of it belongs to the chain. */
    private void otherRequestsInvocation() {
        add(FULFIL_GROUP, FULFIL_STREAM_OTHER, 5_000, "{\"time\":\"" + iso(5_000) + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                + C3 + "\",\"version\":\"$LATEST\"}}");
        add(FULFIL_GROUP, FULFIL_STREAM_OTHER, 5_001, json(5_001, "INFO", "Lambda Request ID: " + C3 + " (1 SQS message)", LIBRARY, C3, null, null));
        add(FULFIL_GROUP, FULFIL_STREAM_OTHER, 5_002, json(5_002, "INFO", record(M10, OTHER, C3, 4_000, 5_002), LIBRARY, C3, OTHER, M10));
        // Order 42's ID in the other request's message body: a mention, not an origin.
        add(FULFIL_GROUP, FULFIL_STREAM_OTHER, 5_003, json(5_003, "INFO", "fulfilling order 10 (after " + A + ")", FULFIL, C3, OTHER, M10));
        add(FULFIL_GROUP, FULFIL_STREAM_OTHER, 5_010, "{\"time\":\"" + iso(5_010) + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
                + C3 + "\",\"metrics\":{\"durationMs\":4.25,\"billedDurationMs\":5,\"memorySizeMB\":512,\"maxMemoryUsedMB\":150},"
                + "\"status\":\"success\"}}");
    }

    /** Order 42 again, 30 s later (the visibility timeout): the same message ID, warm, succeeds. */
    private void retry() {
        add(FULFIL_GROUP, FULFIL_STREAM, 31_300, "{\"time\":\"" + iso(31_300) + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                + C2 + "\",\"version\":\"$LATEST\"}}");
        add(FULFIL_GROUP, FULFIL_STREAM, 31_301, json(31_301, "INFO", "Lambda Request ID: " + C2 + " (1 SQS message)", LIBRARY, C2, null, null));
        add(FULFIL_GROUP, FULFIL_STREAM, 31_302, json(31_302, "INFO", record(M1, A, C2, 300, 31_302), LIBRARY, C2, A, M1));
        add(FULFIL_GROUP, FULFIL_STREAM, 31_303, json(31_303, "INFO", "fulfilling order 42", FULFIL, C2, A, M1));
        add(FULFIL_GROUP, FULFIL_STREAM, 31_310, "{\"time\":\"" + iso(31_310) + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
                + C2 + "\",\"metrics\":{\"durationMs\":8.1,\"billedDurationMs\":9,\"memorySizeMB\":512,\"maxMemoryUsedMB\":152},"
                + "\"status\":\"success\"}}");
    }

    /** An EventBridge target: the origin comes in the event's detail, there is no Sent time. */
    private void notification() {
        add(NOTIFY_GROUP, NOTIFY_STREAM, 31_500, "START RequestId: " + N1 + " Version: $LATEST");
        add(NOTIFY_GROUP, NOTIFY_STREAM, 31_502, text(31_502, N1, null, A, "INFO ", "Correlation",
                "API Gateway Request ID: - Lambda Request ID: " + N1));
        add(NOTIFY_GROUP, NOTIFY_STREAM, 31_503, text(31_503, N1, null, A, "INFO ", "NotifyHandler", "mailing customer 7 about order 42"));
        // Printed raw: a whole forged line claiming a record for another Lambda ID. It is the notifier's output, not a record.
        add(NOTIFY_GROUP, NOTIFY_STREAM, 31_504, text(31_504, FORGER, null, A, "INFO ", "Correlation", record("forged-3", A, FORGER, 0, 31_504)));
        // Printed raw by the handler: a terminal title and a bell, which must reach no terminal.
        add(NOTIFY_GROUP, NOTIFY_STREAM, 31_505, "mail body: \u001b]0;pwned\u0007 sent");
        add(NOTIFY_GROUP, NOTIFY_STREAM, 31_519, "END RequestId: " + N1);
        add(NOTIFY_GROUP, NOTIFY_STREAM, 31_520, "REPORT RequestId: " + N1 + "\tDuration: 18.40 ms\tBilled Duration: 19 ms\t"
                + "Memory Size: 256 MB\tMax Memory Used: 98 MB");
    }

    static final String LIBRARY = "io.github.apigwcorrelation.Correlation";
    static final String FULFIL = "com.example.orders.FulfilHandler";

    /** The library's {@code Record:} line for a message sent at {@code t + sent}, logged at {@code t + at}. */
    private String record(String messageId, String origin, String lambda, long sent, long at) {
        return "Record: Message ID: " + messageId + " Origin Request ID: " + origin + " Lambda Request ID: " + lambda
                + " Sent: " + iso(sent) + " (" + (at - sent) + " ms ago)";
    }

    /** A line of the JSON template: the fields, then the context's keys. */
    private String json(long offset, String level, String message, String logger, String lambda, String origin, String messageId) {
        return "{\"timestamp\":\"" + iso(offset) + "\",\"level\":\"" + level + "\",\"message\":\"" + message + "\",\"logger\":\""
                + logger + "\",\"AWSRequestId\":\"" + lambda + "\",\"ApiGatewayRequestId\":\"-\""
                + (origin == null ? "" : ",\"OriginRequestId\":\"" + origin + "\"")
                + (messageId == null ? "" : ",\"MessageId\":\"" + messageId + "\"") + "}";
    }

    /** A line of the Text pattern, with the ORIGIN part when there is an origin. */
    private String text(long offset, String lambda, String apigw, String origin, String level, String logger, String message) {
        return iso(offset) + " " + lambda + " APIG: " + (apigw == null ? "-" : apigw) + (origin == null ? "" : " ORIGIN: " + origin)
                + " - " + level + " " + logger + " - " + message;
    }

    private String iso(long offset) {
        return Printer.iso(t + offset);
    }

    /** Every seeded line of {@code group}/{@code stream} from {@code from} to {@code to} (offsets, both included) as printed. */
    List<String> printed(String stream, long from, long to, int width, java.util.Set<Long> leftOut) {
        List<String> out = new ArrayList<>();
        for (Seed s : seeds) {
            long offset = s.timestamp() - t;
            if (s.stream().equals(stream) && offset >= from && offset <= to && !leftOut.contains(offset)) {
                out.add("    " + Printer.iso(s.timestamp()) + " " + String.format("%-" + width + "s", label(s.group())) + " "
                        + s.message().replace("\u001b", "\\u001b").replace("\u0007", "\\u0007"));
            }
        }
        return out;
    }

    private String label(String group) {
        return group.equals(execGroup) ? "execution" : group.equals(ACCESS_GROUP) ? "access" : group.substring(group.lastIndexOf('/') + 1);
    }

    /** The story {@code request A} prints in text, every label padded to {@code width}. */
    List<String> expectedStory(int width) {
        List<String> out = new ArrayList<>();
        out.add("request " + A + " (extended " + E + ")");
        out.add("  API Gateway execution log · " + execGroup);
        out.addAll(printed(EXEC_STREAM, 0, 400, width, java.util.Set.of()));
        out.add("  access log · " + ACCESS_GROUP);
        out.addAll(printed(ACCESS_STREAM, 0, 400, width, java.util.Set.of()));
        out.add("  Lambda CreateOrderFunction · " + L + " · " + CREATE_GROUP + " · " + CREATE_STREAM);
        out.addAll(printed(CREATE_STREAM, 0, 400, width, java.util.Set.of()));
        out.add("  hop 1 · Lambda FulfilOrderFunction · " + C1 + " · " + FULFIL_GROUP + " · " + FULFIL_STREAM);
        out.add("    message " + M1 + ": sent " + iso(300) + ", received " + iso(795) + ", 495 ms later; its handler failed");
        // Left out: the other request's record and its line, and the ID-less line of the mixed batch.
        out.addAll(printed(FULFIL_STREAM, 0, 900, width, java.util.Set.of(792L, 793L, 799L)));
        out.add("    (left out: 2 lines of other requests' records, 1 line without IDs, which any record of the batch may have written)");
        out.add("  hop 2 · Lambda FulfilOrderFunction · " + C2 + " · " + FULFIL_GROUP + " · " + FULFIL_STREAM);
        out.add("    message " + M1 + " (attempt 2: a retry): sent " + iso(300) + ", received " + iso(31_302) + ", 31002 ms later");
        out.addAll(printed(FULFIL_STREAM, 31_000, 32_000, width, java.util.Set.of()));
        out.add("  hop 3 · Lambda NotifyFunction · " + N1 + " · " + NOTIFY_GROUP + " · " + NOTIFY_STREAM);
        out.add("    received " + iso(31_500) + ", ~190 ms after the chain's previous line (no Sent time)");
        out.addAll(printed(NOTIFY_STREAM, 31_000, 32_000, width, java.util.Set.of()));
        out.add("summary: request " + A + " · status 201 · latency 310 ms · integration 300 ms · CreateOrderFunction " + L
                + " 294.20 ms, warm");
        out.add("hops: 3 · 1 FulfilOrderFunction " + C1 + ", 495 ms after it was sent, 9.50 ms cold, failed · 2 FulfilOrderFunction "
                + C2 + ", 31002 ms after it was sent, 8.10 ms, a retry · 3 NotifyFunction " + N1
                + ", ~190 ms after the chain's previous line (no Sent time), 18.40 ms");
        out.addAll(REQUEST_WATERFALL);
        out.addAll(CHAIN_WATERFALL);
        return out;
    }

    /** From the seeded figures: first line t, Sending t+5, responseLatency 310, integration 300, REPORT 294.20. */
    static final List<String> REQUEST_WATERFALL = List.of(
            "waterfall: 310 ms from the first API Gateway line to the response (access log responseLatency), warm",
            "  API Gateway before the integration      5 ms |█                                       | at 0 ms",
            "  integration (to Lambda and back)      300 ms |███████████████████████████████████████ | at 5 ms",
            "  Lambda init: none (warm)                0 ms |                                        | at 5 ms",
            "  CreateOrderFunction handler        294.20 ms |███████████████████████████████████████ | at 5 ms",
            "  Lambda service (invoke, network)     5.80 ms |                                      █ | at 299.20 ms",
            "  API Gateway after the integration       5 ms |                                       █| at 305 ms");

    /**
     * Sent at t+300, received t+795 (cold: init 350.12 before START t+790, 9.50 ms); again at t+31,302 (8.10 ms);
     * the notifier's START t+31,500 is 190 ms after the retry's REPORT; its REPORT at t+31,520 ends the chain.
     */
    static final List<String> CHAIN_WATERFALL = List.of(
            "chain: 31520 ms from the request's first line to its last hop's end, 3 hops",
            "  request (to the response)             310 ms |█                                       | at 0 ms",
            "  hop 1 FulfilOrderFunction waited      495 ms |█                                       | at 300 ms",
            "  hop 1 FulfilOrderFunction init     350.12 ms |█                                       | at 439.88 ms",
            "  hop 1 FulfilOrderFunction failed     9.50 ms | █                                      | at 790 ms",
            "  hop 2 FulfilOrderFunction waited    31002 ms |████████████████████████████████████████| at 300 ms",
            "  hop 2 FulfilOrderFunction ran        8.10 ms |                                       █| at 31300 ms",
            "  hop 3 NotifyFunction ~waited          190 ms |                                       █| at 31310 ms",
            "  hop 3 NotifyFunction ran            18.40 ms |                                       █| at 31500 ms");
}
