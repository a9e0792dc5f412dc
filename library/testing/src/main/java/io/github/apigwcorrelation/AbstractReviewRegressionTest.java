package io.github.apigwcorrelation;

import io.github.apigwcorrelation.fixtures.FakeContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Defects found in review, each proven here: every test failed before its fix. */
public abstract class AbstractReviewRegressionTest {
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    private static final String PROXY_WITH_HEADER = "{\"headers\":{\"x-correlation-id\":\"two words\"},"
            + "\"requestContext\":{\"requestId\":\"real-id\",\"apiId\":\"w4hd8ru2l1\"}}";

    @Test
    void an_implausible_value_at_a_pointer_never_hides_the_built_in_request_id() throws IOException {
        Correlation correlation = Correlation.builder().requestIdPointers("/headers/x-correlation-id").build();
        Map<String, Object> event = Map.of("headers", Map.of("x-correlation-id", "two words"),
                "requestContext", Map.of("requestId", "real-id", "apiId", "w4hd8ru2l1"));
        try (CorrelationScope scope = correlation.open(event, new FakeContext())) {
            assertThat(scope.ids().apiGatewayRequestId()).isEqualTo("real-id");
            assertThat(scope.ids().source()).isEqualTo(RequestIds.Source.REST_API);
        }
        AtomicReference<RequestIds> seen = new AtomicReference<>();
        correlation.wrap((input, output, context) -> seen.set(RequestIds.current().orElseThrow())).handleRequest(
                new ByteArrayInputStream(PROXY_WITH_HEADER.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new FakeContext());
        assertThat(seen.get().apiGatewayRequestId()).isEqualTo("real-id");
        assertThat(logs.drain()).noneMatch(line -> line.level().equals("WARN"));
    }

    @Test
    void pointers_are_tried_in_configured_order_on_every_path() throws IOException {
        Correlation correlation = Correlation.builder().requestIdPointers("/a", "/b").build();
        String json = "{\"b\":\"from-b\",\"a\":\"from-a\"}";
        try (CorrelationScope scope = correlation.open(json, new FakeContext())) {
            assertThat(scope.ids().apiGatewayRequestId()).isEqualTo("from-a");
        }
        try (CorrelationScope scope = correlation.open(Map.of("b", "from-b", "a", "from-a"), new FakeContext())) {
            assertThat(scope.ids().apiGatewayRequestId()).isEqualTo("from-a");
        }
    }

    @Test
    void a_context_whose_getter_throws_still_lets_the_handler_run() {
        Context broken = new FakeContext() {
            @Override
            public String getAwsRequestId() {
                throw new UnsupportedOperationException("stub");
            }
        };
        RequestHandler<Object, String> handler = Correlation.defaults().wrap((input, context) -> "ran");
        assertThat(handler.handleRequest(Map.of(), broken)).isEqualTo("ran");
        assertThat(logs.drain()).filteredOn(line -> line.level().equals("WARN")).singleElement()
                .satisfies(warn -> assertThat(warn.message()).contains("Context.getAwsRequestId() threw"));
    }

    @Test
    void an_appender_that_throws_neither_stops_the_handler_nor_leaks_the_scope() {
        withAThrowingAppenderOnTheLibrarysLogger(() -> {
            RuntimeException failure = new IllegalArgumentException("handler's own");
            RequestHandler<Object, String> handler = Correlation.defaults().wrap((input, ctx) -> {
                throw failure;
            });
            Throwable thrown = catchThrowable(() -> handler.handleRequest(null, new FakeContext()));
            assertThat(thrown).as("the handler ran and its exception, not the appender's, came out").isSameAs(failure);
            assertThat(RequestIds.current()).isEmpty();
        });
    }

    /** Its contract says close never throws; its WARN about the foreign thread went through a throwing appender. */
    @Test
    void closing_a_scope_on_another_thread_never_throws_even_when_its_warning_cannot_be_written() throws Exception {
        CorrelationScope scope = Correlation.builder().logInvocationLine(false).build()
                .open(Map.of("context", Map.of("request-id", "api-A")), new FakeContext("la"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        withAThrowingAppenderOnTheLibrarysLogger(() -> {
            Thread other = new Thread(() -> thrown.set(catchThrowable(scope::close)), "closer");
            other.start();
            try {
                other.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        scope.close();

        assertThat(thrown.get()).isNull();
        assertThat(RequestIds.current()).isEmpty();
    }

    private void withAThrowingAppenderOnTheLibrarysLogger(Runnable action) {
        try (LoggingHarness.Attached ignored = harness().throwingAppenderOn("io.github.apigwcorrelation.Correlation")) {
            action.run();
        }
    }

    private static Throwable catchThrowable(Runnable action) {
        try {
            action.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void a_scope_closed_on_another_thread_is_skipped_when_the_next_invocation_closes() throws Exception {
        Correlation quiet = Correlation.builder().logInvocationLine(false).build();
        CorrelationScope leaked = quiet.open(Map.of("context", Map.of("request-id", "api-A")), new FakeContext("la"));
        CompletableFuture.runAsync(leaked::close).get(5, TimeUnit.SECONDS);
        quiet.wrap((input, context) -> "b").handleRequest(Map.of("context", Map.of("request-id", "api-B")),
                new FakeContext("lb"));
        assertThat(RequestIds.current()).as("nothing of A or B is left on this thread").isEmpty();
        assertThat(harness().context().map()).isEmpty();
        assertThat(logs.drain()).anySatisfy(line -> assertThat(line.message()).contains("was closed on thread"));
    }

    @Test
    void scopes_closed_out_of_order_never_reinstate_a_closed_scope() {
        Correlation quiet = Correlation.builder().logInvocationLine(false).build();
        harness().context().put("AWSRequestId", "before");
        CorrelationScope first = quiet.open(Map.of("context", Map.of("request-id", "one")), new FakeContext("l1"));
        CorrelationScope second = quiet.open(Map.of("context", Map.of("request-id", "two")), new FakeContext("l2"));
        first.close();
        assertThat(RequestIds.current()).contains(second.ids());
        second.close();
        assertThat(RequestIds.current()).isEmpty();
        assertThat(harness().context().map()).containsExactly(Map.entry("AWSRequestId", "before"));
    }

    /** No ID but the Lambda request ID, and that only on the backend that mirrors it, ever enters the user's map. */
    @Test
    void the_api_gateway_ids_stay_out_of_the_thread_context_so_no_inherited_map_can_carry_them() {
        try (CorrelationScope ignored = Correlation.defaults().open(
                Map.of("requestContext", Map.of("requestId", "r", "extendedRequestId", "e", "apiId", "w4hd8ru2l1")),
                new FakeContext("l"))) {
            if (harness().mirrorsLambdaRequestId()) {
                assertThat(harness().context().map()).containsOnlyKeys("AWSRequestId");
            } else {
                assertThat(harness().context().map()).isEmpty();
            }
            harness().logger(AbstractReviewRegressionTest.class.getName()).info("inside");
        }
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).last().satisfies(line -> assertThat(line.context()).containsAllEntriesOf(
                Map.of("AWSRequestId", "l", "ApiGatewayRequestId", "r", "ApiGatewayExtendedRequestId", "e")));
    }
}
