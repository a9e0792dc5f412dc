package io.github.apigwcorrelation.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Clients;
import io.github.apigwcorrelation.propagation.support.Invocations;
import io.github.apigwcorrelation.propagation.support.JsonValue;
import io.github.apigwcorrelation.propagation.support.LoopbackServer;
import io.github.apigwcorrelation.propagation.support.RecordingBackend;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamRequest;

/**
 * What the real SDK clients put on the wire, read by a loopback HTTP server: Lambda {@code Invoke} (moto cannot run
 * a function without Docker, so the request the SDK sends is the proof) and the exact {@code Detail} bytes of
 * EventBridge {@code PutEvents} (moto re-serializes them).
 */
class SdkInterceptorWireTest {
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";

    @BeforeEach
    void forgetEarlierLines() {
        RecordingBackend.drainWarnings();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** Invokes through a real Lambda client at a loopback server; returns the client context header as sent. */
    private static LoopbackServer.Received invoke(String clientContext, InvocationType type, boolean inScope)
            throws Exception {
        try (LoopbackServer server = new LoopbackServer("application/json", "{}");
                LambdaClient lambda = Clients.at(LambdaClient.builder(), server.uri()).build()) {
            if (inScope) {
                try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
                    lambda.invoke(b -> b.functionName("fulfil").invocationType(type).clientContext(clientContext));
                }
            } else {
                lambda.invoke(b -> b.functionName("fulfil").invocationType(type).clientContext(clientContext));
            }
            return server.take();
        }
    }

    @Test
    void invokeWithoutAClientContextSendsOneWithTheCustomEntry() throws Exception {
        LoopbackServer.Received sent = invoke(null, InvocationType.REQUEST_RESPONSE, true);
        assertThat(sent.path()).isEqualTo("/2015-03-31/functions/fulfil/invocations");
        assertThat(sent.header("X-Amz-Client-Context")).singleElement()
                .satisfies(header -> assertThat(decoded(header))
                        .isEqualTo("{\"custom\":{\"OriginRequestId\":\"" + REQUEST_ID + "\"}}"));
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void invokeMergesIntoTheUsersClientContextKeepingEveryByte() throws Exception {
        String users = "{ \"client\": {\"installation_id\": \"i-1\", \"app_title\": \"shop\"},\n"
                + "  \"custom\": {\"tenant\": \"t\\u00e9\", \"n\": \"1.50\"}, \"env\": {\"locale\": \"fr_FR\"} }";
        LoopbackServer.Received sent = invoke(base64(users), InvocationType.REQUEST_RESPONSE, true);
        assertThat(decoded(sent.header("X-Amz-Client-Context").get(0))).isEqualTo(
                "{ \"client\": {\"installation_id\": \"i-1\", \"app_title\": \"shop\"},\n"
                        + "  \"custom\": {\"tenant\": \"t\\u00e9\", \"n\": \"1.50\",\"OriginRequestId\":\"" + REQUEST_ID
                        + "\"}, \"env\": {\"locale\": \"fr_FR\"} }");
    }

    @Test
    void invokeKeepsTheUsersOwnEntry() throws Exception {
        String users = base64("{\"custom\":{\"OriginRequestId\":\"users-own-id\"}}");
        assertThat(invoke(users, InvocationType.REQUEST_RESPONSE, true).header("X-Amz-Client-Context"))
                .containsExactly(users);
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void invokeLeavesAClientContextThatWouldPassLambdasLimitWithOneWarning() throws Exception {
        // 2,640 bytes of JSON: 3,520 base64 characters, within 3,583; ours would add 76.
        String users = "{\"custom\":{\"pad\":\"" + "p".repeat(2640 - 21) + "\"}}";
        assertThat(base64(users).length()).isEqualTo(3520);
        LoopbackServer.Received sent = invoke(base64(users), InvocationType.REQUEST_RESPONSE, true);
        assertThat(sent.header("X-Amz-Client-Context")).containsExactly(base64(users));
        assertThat(RecordingBackend.drainWarnings()).singleElement().asString()
                .contains("Lambda Invoke: OriginRequestId not added").contains("(Lambda accepts 3583)");
    }

    @Test
    void invokeLeavesAClientContextItCannotReadWithOneWarning() throws Exception {
        String notJson = base64("custom=1");
        assertThat(invoke(notJson, InvocationType.REQUEST_RESPONSE, true).header("X-Amz-Client-Context"))
                .containsExactly(notJson);
        assertThat(RecordingBackend.drainWarnings()).singleElement().asString().contains("is not valid JSON");
    }

    @Test
    void asynchronousInvokeCarriesItToo() throws Exception {
        // Lambda documents that it passes a client context on synchronous invocations only; sending it costs nothing.
        assertThat(invoke(null, InvocationType.EVENT, true).header("X-Amz-Client-Context")).hasSize(1);
    }

    @Test
    void invokeOutsideAnInvocationSendsNoClientContext() throws Exception {
        assertThat(invoke(null, InvocationType.REQUEST_RESPONSE, false).header("X-Amz-Client-Context")).isEmpty();
    }

    @Test
    void invokeWithResponseStreamGetsTheSameClientContext() {
        // Its client is asynchronous only (an HTTP/2-capable client this module's tests do not carry): the request
        // goes through the interceptor directly.
        InvokeWithResponseStreamRequest request = InvokeWithResponseStreamRequest.builder().functionName("stream")
                .clientContext(base64("{\"client\":{}}")).build();
        SdkRequest sent;
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sent = new SdkCorrelationInterceptor().modifyRequest(modify(request), new ExecutionAttributes());
        }
        assertThat(decoded(((InvokeWithResponseStreamRequest) sent).clientContext()))
                .isEqualTo("{\"client\":{},\"custom\":{\"OriginRequestId\":\"" + REQUEST_ID + "\"}}");
    }

    static Context.ModifyRequest modify(SdkRequest request) {
        return () -> request;
    }

    @Test
    void putEventsDetailKeepsTheUsersBytesAndGetsTheFieldLast() throws Exception {
        String answer = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e1\"},{\"EventId\":\"e2\"}]}";
        try (LoopbackServer server = new LoopbackServer("application/x-amz-json-1.1", answer);
                EventBridgeClient events = Clients.at(EventBridgeClient.builder(), server.uri())
                        .overrideConfiguration(c -> c.addExecutionInterceptor(SdkCorrelationInterceptor.builder()
                                .eventBridgeDetailField("originRequestId").build())).build()) {
            try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
                events.putEvents(b -> b.entries(
                        PutEventsRequestEntry.builder().source("orders").detailType("OrderCreated")
                                .detail("{ \"n\": 1.50, \"tags\": [1, 2] }").traceHeader("Root=1-5759e988-bd862e3fe1be46a994272793").build(),
                        PutEventsRequestEntry.builder().source("orders").detailType("OrderCreated")
                                .detail("[\"not an object\"]").build()));
            }
            String body = server.take().body();
            assertThat(JsonValue.at(body, "Entries", "0", "Detail"))
                    .isEqualTo("{ \"n\": 1.50, \"tags\": [1, 2] ,\"originRequestId\":\"" + REQUEST_ID + "\"}");
            assertThat(JsonValue.at(body, "Entries", "0", "TraceHeader"))
                    .isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
            assertThat(JsonValue.at(body, "Entries", "1", "Detail")).isEqualTo("[\"not an object\"]");
        }
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void putEventsIsLeftAloneByDefault() throws Exception {
        String answer = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e1\"}]}";
        try (LoopbackServer server = new LoopbackServer("application/x-amz-json-1.1", answer);
                EventBridgeClient events = Clients.at(EventBridgeClient.builder(), server.uri()).build()) {
            try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
                events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("orders")
                        .detailType("OrderCreated").detail("{\"n\":1}").build()));
            }
            assertThat(JsonValue.at(server.take().body(), "Entries", "0", "Detail")).isEqualTo("{\"n\":1}");
        }
    }
}
