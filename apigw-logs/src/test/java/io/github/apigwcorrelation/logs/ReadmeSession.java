package io.github.apigwcorrelation.logs;

import java.util.UUID;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * Seeds a running moto_server the way the README's sessions show it (not a test):
 * {@code seed ENDPOINT} creates a REST API with a cold and a warm request, an HTTP API, and a stack whose
 * request goes on through a queue and an EventBridge rule ({@link HopsFixture}), and prints
 * their IDs; {@code http-request ENDPOINT} writes one HTTP API request's lines, a few ms apart, as
 * Lambda and API Gateway would while {@code get --watch} follows them. The README says how it is run.
 */
final class ReadmeSession {
    private ReadmeSession() {
    }

    /** {@code seed|http-request ENDPOINT}. */
    public static void main(String[] args) throws Exception {
        try (MotoApi aws = new MotoApi(args[1])) {
            if (args[0].equals("seed")) {
                seed(aws);
            } else {
                httpRequest(aws);
            }
        }
    }

    private static void seed(MotoApi aws) throws Exception {
        aws.createFunction("GetOrderFunction", null);
        aws.createFunction("CreateOrderFunction", null);
        String api = aws.createRestApi("orders");
        String root = aws.rootResource(api);
        String orders = aws.addResource(api, root, "orders");
        aws.addLambdaMethod(api, aws.addResource(api, orders, "{orderId}"), "GET", IntegrationType.AWS_PROXY,
                MotoApi.functionArn("GetOrderFunction"));
        aws.addLambdaMethod(api, orders, "POST", IntegrationType.AWS_PROXY, MotoApi.functionArn("CreateOrderFunction"));
        aws.deploy(api, "prod", "/aws/apigateway/orders/rest-access");
        aws.apigateway.updateStage(r -> r.restApiId(api).stageName("prod").patchOperations(
                MotoApi.replace("/*/*/logging/loglevel", "INFO")));
        aws.apigateway.updateAccount(r -> r.patchOperations(MotoApi.replace("/cloudwatchRoleArn",
                "arn:aws:iam::123456789012:role/apigw-cloudwatch-logs")));
        String exec = "API-Gateway-Execution-Logs_" + api + "/prod";
        long t = (System.currentTimeMillis() / 1000) * 1000 - 120_000;

        String a1 = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
        String l1 = "17e2e82d-2c77-4a6d-b251-546905c5334a";
        request(aws, exec, "/aws/lambda/GetOrderFunction", "2026/11/27/[$LATEST]8f14e45fceea167a5a36dedd4bea2543", t, a1, "RtZ3kjQ2IAMEV5g=",
                l1, "GET", "/orders/42", MotoApi.functionArn("GetOrderFunction"), "GET order 42", 6, 468.91, 60.47, 534, 545);
        String a2 = "c0a8e6d1-4f2b-4e7a-9d3c-2b1f0e9a8c77";
        String l2 = "773bd3c9-79af-4419-b21d-7424b60331fc";
        request(aws, exec, "/aws/lambda/CreateOrderFunction", "2026/11/27/[$LATEST]c9f0f895fb98ab9159f51fd0297e236d", t + 30_000, a2,
                "Ru1bXFaPoAMEbQw=", l2, "POST", "/orders", MotoApi.functionArn("CreateOrderFunction"), "POST order for customer 7",
                5, 0, 9.81, 13, 21);

        aws.createFunction("ListOrdersFunction", null);
        String http = aws.createV2Api("HTTP", "orders-http", "ListOrdersFunction", "GET /orders", "$default",
                "/aws/apigateway/orders/http-access", "{\"requestId\":\"$context.requestId\",\"lambdaRequestId\":"
                        + "\"$context.integration.requestId\",\"status\":\"$context.status\",\"responseLatency\":\"$context.responseLatency\","
                        + "\"integrationLatency\":\"$context.integration.latency\"}");
        aws.stream("/aws/apigateway/orders/http-access", "s").add(t, "{\"requestId\":\"Ab1cDeFgIAMEbXw=\",\"status\":\"200\"}").write();
        aws.stream("/aws/lambda/ListOrdersFunction", "2026/11/27/[$LATEST]45c48cce2e2d7fbdea1afc51c7c6ad26").add(t, "INIT_START Runtime Version: java:21.v30").write();
        // A stage with gaps for doctor: no execution logging, an access log without the integration's
        // request ID, a function that logs without this library.
        aws.createFunction("LegacyFunction", null);
        String legacy = aws.createRestApi("orders-legacy");
        aws.addLambdaMethod(legacy, aws.addResource(legacy, aws.rootResource(legacy), "legacy"), "GET", IntegrationType.AWS_PROXY,
                MotoApi.functionArn("LegacyFunction"));
        aws.deploy(legacy, "dev", "/aws/apigateway/orders/legacy-access");
        aws.apigateway.updateStage(r -> r.restApiId(legacy).stageName("dev").patchOperations(MotoApi.replace("/accessLogSettings/format", "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}")));
        aws.stream("/aws/apigateway/orders/legacy-access", "s").add(t, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"status\":\"200\"}").write();
        aws.stream("/aws/lambda/LegacyFunction", "2026/11/27/[$LATEST]d3d9446802a44259755d38e6d163e820")
                .add(t, "START RequestId: 2b9f6c1e-8d7a-4e5b-9c3d-1a2b3c4d5e6f Version: $LATEST")
                .add(t + 1, "2026-11-27 14:00:00 INFO  LegacyHandler - legacy request handled").write();
        // A request followed past its function: a queue's consumer (a failure, then a retry) and an EventBridge target.
        HopsFixture hops = HopsFixture.deploy(aws, "orders-hops", t + 60_000);
        System.out.println("HOPS_API=" + hops.api + " (request " + HopsFixture.A + ", stack orders-hops)");
        System.out.println("LEGACY_API=" + legacy);
        System.out.println("REST_API=" + api);
        System.out.println("HTTP_API=" + http);
    }

    /** One REST request as API Gateway and Lambda log it; {@code init} 0 for a warm start. */
    private static void request(MotoApi aws, String exec, String fnGroup, String fnStream, long t, String a, String ext, String l,
                                String method, String path, String fnArn, String message, long before, double init, double duration,
                                long integration, long total) {
        long sent = t + before;
        long start = sent + (long) init + 2;
        long end = start + (long) Math.ceil(duration);
        long received = sent + integration;
        aws.stream(exec, "3c59dc048e8850243be8079a5c74d079")
                .add(t, "(" + a + ") Extended Request Id: " + ext)
                .add(t + 1, "(" + a + ") Starting execution for request: " + a)
                .add(t + 2, "(" + a + ") HTTP Method: " + method + ", Resource Path: " + path)
                .add(sent, "(" + a + ") Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/" + fnArn + "/invocations")
                .write();
        MotoApi.Stream fn = aws.stream(fnGroup, fnStream);
        if (init > 0) {
            fn.add(sent + 1, "INIT_START Runtime Version: java:21.v30\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0a1b2c3d");
        }
        fn.add(start, "START RequestId: " + l + " Version: $LATEST")
                .add(start + 2, Printer.iso(start + 2) + " " + l + " APIG: " + a + " - INFO  Correlation - API Gateway Request ID: " + a
                        + " Lambda Request ID: " + l)
                .add(start + 3, Printer.iso(start + 3) + " " + l + " APIG: " + a + " - INFO  OrderHandler - " + message)
                .add(start + 4, "pricing with rule set v7")
                .add(end, "END RequestId: " + l)
                .add(end, "REPORT RequestId: " + l + "\tDuration: " + String.format(java.util.Locale.ROOT, "%.2f", duration)
                        + " ms\tBilled Duration: " + (long) Math.ceil(duration) + " ms\tMemory Size: 512 MB\tMax Memory Used: 131 MB"
                        + (init > 0 ? String.format(java.util.Locale.ROOT, "\tInit Duration: %.2f ms", init) : ""))
                .write();
        aws.stream(exec, "3c59dc048e8850243be8079a5c74d079")
                .add(received, "(" + a + ") Received response. Status: 200, Integration latency: " + integration + " ms")
                .add(received + 1, "(" + a + ") Method completed with status: 200")
                .add(received + 2, "(" + a + ") AWS Integration Endpoint RequestId : " + l)
                .write();
        aws.stream("/aws/apigateway/orders/rest-access", "e4da3b7fbbce2345d7772b0674a318d5").add(t + total,
                "{\"requestId\":\"" + a + "\",\"extendedRequestId\":\"" + ext + "\",\"lambdaRequestId\":\"" + l + "\",\"status\":\"200\","
                        + "\"responseLatency\":\"" + total + "\",\"integrationLatency\":\"" + integration + "\"}").write();
    }

    private static void httpRequest(MotoApi aws) throws InterruptedException {
        String a = "Ab2" + UUID.randomUUID().toString().substring(0, 8) + "IAMEb=";
        String l = UUID.randomUUID().toString();
        long t = System.currentTimeMillis();
        String stream = "2026/11/27/[$LATEST]45c48cce2e2d7fbdea1afc51c7c6ad26";
        aws.stream("/aws/lambda/ListOrdersFunction", stream).add(t, "START RequestId: " + l + " Version: $LATEST")
                .add(t + 3, "{\"timestamp\":\"" + Printer.iso(t + 3) + "\",\"level\":\"INFO\",\"message\":\"listing orders\","
                        + "\"logger\":\"com.example.orders.ListOrdersHandler\",\"AWSRequestId\":\"" + l + "\",\"ApiGatewayRequestId\":\"" + a + "\"}")
                .write();
        Thread.sleep(300);
        aws.stream("/aws/lambda/ListOrdersFunction", stream).add(t + 14, "END RequestId: " + l)
                .add(t + 14, "REPORT RequestId: " + l + "\tDuration: 12.40 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 118 MB")
                .write();
        Thread.sleep(200);
        aws.stream("/aws/apigateway/orders/http-access", "s").add(t + 18, "{\"requestId\":\"" + a + "\",\"lambdaRequestId\":\"" + l
                + "\",\"status\":\"200\",\"responseLatency\":\"19\",\"integrationLatency\":\"15\"}").write();
    }
}
