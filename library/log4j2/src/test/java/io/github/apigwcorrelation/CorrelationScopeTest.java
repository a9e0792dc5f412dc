package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Role 2 and 3: the IDs reach every event's context data, and closing restores exactly what was there. */
class CorrelationScopeTest {
    private static final Logger log = LogManager.getLogger(CorrelationScopeTest.class);
    /** The IDs alone: the standard fields have a test of their own. */
    private final Correlation quiet = Correlation.builder().logInvocationLine(false).standardFields().build();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void clearThreadContext() {
        ThreadContext.clearAll();
    }

    static APIGatewayProxyRequestEvent restEvent(String requestId, String extendedRequestId) {
        return new APIGatewayProxyRequestEvent().withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(requestId).withExtendedRequestId(extendedRequestId).withApiId("w4hd8ru2l1"));
    }

    @Test
    void every_event_logged_inside_the_scope_carries_all_three_ids() {
        FakeContext context = new FakeContext();
        try (CorrelationScope scope = quiet.open(restEvent("req-1", "ext-1="), context)) {
            log.info("inside");
            assertThat(scope.ids().source()).isEqualTo(RequestIds.Source.REST_API);
        }
        assertThat(logs.drain()).singleElement().satisfies(line -> assertThat(line.context()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AWSRequestId", context.getAwsRequestId(),
                "ApiGatewayRequestId", "req-1",
                "ApiGatewayExtendedRequestId", "ext-1=")));
    }

    @Test
    void ids_survive_ThreadContext_clearMap_and_clearAll_in_user_code() {
        FakeContext context = new FakeContext();
        try (CorrelationScope ignored = quiet.open(restEvent("req-2", null), context)) {
            ThreadContext.clearMap();
            log.info("after clearMap");
            ThreadContext.clearAll();
            log.info("after clearAll");
        }
        assertThat(logs.drain()).hasSize(2).allSatisfy(line -> {
            assertThat(line.lambdaId()).isEqualTo(context.getAwsRequestId());
            assertThat(line.apiGatewayId()).isEqualTo("req-2");
            assertThat(line.context()).doesNotContainKey("ApiGatewayExtendedRequestId");
        });
    }

    @Test
    void closing_restores_the_previous_thread_context_values_and_keeps_user_keys() {
        ThreadContext.put("AWSRequestId", "set-by-the-runtime");
        ThreadContext.put("tenant", "acme");
        try (CorrelationScope ignored = quiet.open(restEvent("req-3", null), new FakeContext("lambda-3"))) {
            assertThat(ThreadContext.get("AWSRequestId")).isEqualTo("lambda-3");
            ThreadContext.put("orderId", "42");
        }
        assertThat(ThreadContext.getContext()).containsExactlyInAnyOrderEntriesOf(
                Map.of("AWSRequestId", "set-by-the-runtime", "tenant", "acme", "orderId", "42"));
        assertThat(RequestIds.current()).isEmpty();
    }

    @Test
    void nested_scopes_restore_the_outer_invocation() {
        try (CorrelationScope outer = quiet.open(restEvent("outer", null), new FakeContext("lambda-outer"))) {
            try (CorrelationScope inner = quiet.open(restEvent("inner", null), new FakeContext("lambda-inner"))) {
                log.info("inner");
            }
            log.info("outer again");
            assertThat(RequestIds.current()).contains(outer.ids());
        }
        log.info("outside");
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).extracting(CapturedLogs.Line::apiGatewayId).containsExactly("inner", "outer", null);
        assertThat(lines).extracting(CapturedLogs.Line::lambdaId).containsExactly("lambda-inner", "lambda-outer", null);
    }

    @Test
    void close_is_idempotent_and_does_nothing_on_another_thread() throws Exception {
        CorrelationScope scope = quiet.open(restEvent("req-4", null), new FakeContext("lambda-4"));
        CompletableFuture.runAsync(scope::close).get(5, TimeUnit.SECONDS);
        assertThat(RequestIds.current()).contains(scope.ids());
        scope.close();
        scope.close();
        assertThat(RequestIds.current()).isEmpty();
        assertThat(ThreadContext.getContext()).isEmpty();
    }

    @Test
    void request_ids_current_is_empty_outside_and_exact_inside() {
        assertThat(RequestIds.current()).isEmpty();
        FakeContext context = new FakeContext(UUID.randomUUID().toString());
        try (CorrelationScope scope = quiet.open(restEvent("req-5", "ext-5="), context)) {
            RequestIds ids = RequestIds.current().orElseThrow();
            assertThat(ids).isEqualTo(scope.ids());
            assertThat(ids.apiGatewayRequestId()).isEqualTo("req-5");
            assertThat(ids.extendedRequestId()).contains("ext-5=");
            assertThat(ids.lambdaRequestId()).isEqualTo(context.getAwsRequestId());
        }
        assertThat(RequestIds.current()).isEmpty();
    }

    @Test
    void configured_keys_and_placeholder_are_used() {
        Correlation custom = Correlation.builder().requestIdKey("apigw").extendedRequestIdKey("apigwExt")
                .placeholder("none").logInvocationLine(false).standardFields().build();
        try (CorrelationScope ignored = custom.open(restEvent("req-6", "ext-6="), null)) {
            log.info("custom keys");
        }
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).filteredOn(line -> line.message().equals("custom keys")).singleElement()
                .satisfies(line -> assertThat(line.context()).containsExactlyInAnyOrderEntriesOf(
                        Map.of("AWSRequestId", "none", "apigw", "req-6", "apigwExt", "ext-6=")));
    }
}
