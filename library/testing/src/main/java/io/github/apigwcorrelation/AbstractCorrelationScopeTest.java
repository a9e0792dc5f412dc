package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.TestLogger;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Role 2 and 3: the IDs reach every event's context data, and closing restores exactly what was there. Each
 * adapter runs it through a subclass that names its {@link LoggingHarness}.
 */
public abstract class AbstractCorrelationScopeTest {
    /** The IDs alone: the standard fields have a test of their own. */
    private final Correlation quiet = Correlation.builder().logInvocationLine(false).standardFields().build();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    private TestLogger log() {
        return harness().logger(AbstractCorrelationScopeTest.class.getName());
    }

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    static APIGatewayProxyRequestEvent restEvent(String requestId, String extendedRequestId) {
        return new APIGatewayProxyRequestEvent().withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(requestId).withExtendedRequestId(extendedRequestId).withApiId("w4hd8ru2l1"));
    }

    @Test
    void every_event_logged_inside_the_scope_carries_all_three_ids() {
        FakeContext context = new FakeContext();
        try (CorrelationScope scope = quiet.open(restEvent("req-1", "ext-1="), context)) {
            log().info("inside");
            assertThat(scope.ids().source()).isEqualTo(RequestIds.Source.REST_API);
        }
        assertThat(logs.drain()).singleElement().satisfies(line -> assertThat(line.context()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AWSRequestId", context.getAwsRequestId(),
                "ApiGatewayRequestId", "req-1",
                "ApiGatewayExtendedRequestId", "ext-1=")));
    }

    /** User code copies request headers or a stale runtime value into its context under the library's keys. */
    @Test
    void a_user_key_named_like_an_id_never_replaces_the_invocations_id_and_other_user_keys_stay() {
        FakeContext context = new FakeContext("lambda-own");
        for (LoggingHarness.Writer writer : harness().context().writers()) {
            try (CorrelationScope ignored = quiet.open(restEvent("req-own", null), context)) {
                writer.put("ApiGatewayRequestId", "chosen-by-a-client");
                writer.put("AWSRequestId", "stale-from-the-runtime");
                writer.put("tenant", "acme");
                log().info("after {}", writer.name());
            }
            harness().context().clearAll();
        }
        assertThat(logs.drain()).hasSize(harness().context().writers().size()).allSatisfy(line -> assertThat(
                line.context()).containsEntry("ApiGatewayRequestId", "req-own")
                .containsEntry("AWSRequestId", "lambda-own").containsEntry("tenant", "acme"));
    }

    @Test
    void ids_survive_every_way_user_code_clears_its_context() {
        FakeContext context = new FakeContext();
        List<LoggingHarness.Way> clears = harness().context().clears();
        assertThat(clears).hasSizeGreaterThanOrEqualTo(2);
        try (CorrelationScope ignored = quiet.open(restEvent("req-2", null), context)) {
            for (LoggingHarness.Way clear : clears) {
                clear.run();
                log().info("after {}", clear.name());
            }
        }
        assertThat(logs.drain()).hasSize(clears.size()).allSatisfy(line -> {
            assertThat(line.lambdaId()).isEqualTo(context.getAwsRequestId());
            assertThat(line.apiGatewayId()).isEqualTo("req-2");
            assertThat(line.context()).doesNotContainKey("ApiGatewayExtendedRequestId");
        });
    }

    @Test
    void closing_restores_the_previous_thread_context_values_and_keeps_user_keys() {
        LoggingHarness.UserContext user = harness().context();
        user.put("AWSRequestId", "set-by-the-runtime");
        user.put("tenant", "acme");
        try (CorrelationScope ignored = quiet.open(restEvent("req-3", null), new FakeContext("lambda-3"))) {
            assertThat(user.get("AWSRequestId"))
                    .isEqualTo(harness().mirrorsLambdaRequestId() ? "lambda-3" : "set-by-the-runtime");
            user.put("orderId", "42");
            log().info("inside");
        }
        assertThat(user.map()).containsExactlyInAnyOrderEntriesOf(
                Map.of("AWSRequestId", "set-by-the-runtime", "tenant", "acme", "orderId", "42"));
        assertThat(RequestIds.current()).isEmpty();
        // Whatever the user's context holds, the line carries the invocation's ID, and the user's other keys.
        assertThat(logs.drain()).singleElement().satisfies(line -> assertThat(line.context())
                .containsEntry("AWSRequestId", "lambda-3").containsEntry("tenant", "acme")
                .containsEntry("orderId", "42"));
    }

    @Test
    void nested_scopes_restore_the_outer_invocation() {
        try (CorrelationScope outer = quiet.open(restEvent("outer", null), new FakeContext("lambda-outer"))) {
            try (CorrelationScope inner = quiet.open(restEvent("inner", null), new FakeContext("lambda-inner"))) {
                log().info("inner");
            }
            log().info("outer again");
            assertThat(RequestIds.current()).contains(outer.ids());
        }
        log().info("outside");
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
        assertThat(harness().context().map()).isEmpty();
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
            log().info("custom keys");
        }
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).filteredOn(line -> line.message().equals("custom keys")).singleElement()
                .satisfies(line -> assertThat(line.context()).containsExactlyInAnyOrderEntriesOf(
                        Map.of("AWSRequestId", "none", "apigw", "req-6", "apigwExt", "ext-6=")));
    }
}
