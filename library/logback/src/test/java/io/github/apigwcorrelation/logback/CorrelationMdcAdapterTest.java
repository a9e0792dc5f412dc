package io.github.apigwcorrelation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.testing.CapturedLogs;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;

/**
 * The Logback mechanism itself: the logger context's MDC adapter adds the invocation's entries to every event's
 * MDC, wins over user keys of the same name, never writes into the MDC user code sees, reuses one map per line in
 * steady state, and says in Logback's status list why Logback warned when it was put in place.
 */
class CorrelationMdcAdapterTest {
    private static final Correlation QUIET = Correlation.builder().logInvocationLine(false).standardFields().build();
    private static final Map<String, Object> EVENT =
            Map.of("requestContext", Map.of("requestId", "req-1", "apiId", "w4hd8ru2l1"));

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(() -> LogbackHarness.INSTANCE);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private static CorrelationMdcAdapter adapter() {
        return (CorrelationMdcAdapter) LogbackHarness.loggerContext().getMDCAdapter();
    }

    @Test
    void a_user_mdc_key_named_like_an_id_never_replaces_the_invocations_id() {
        MDC.put("ApiGatewayRequestId", "client-chosen");
        MDC.put("AWSRequestId", "stale");
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-1"))) {
            LoggerFactory.getLogger("orders").info("inside");
            MDC.put("ApiGatewayRequestId", "client-chosen-again");
            LoggerFactory.getLogger("orders").info("after a put");
        }
        LoggerFactory.getLogger("orders").info("outside");

        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).extracting(CapturedLogs.Line::apiGatewayId)
                .containsExactly("req-1", "req-1", "client-chosen-again");
        assertThat(lines).extracting(CapturedLogs.Line::lambdaId).containsExactly("lambda-1", "lambda-1", "stale");
    }

    @Test
    void the_ids_never_enter_the_mdc_user_code_reads_and_copies() {
        MDC.put("tenant", "acme");
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-2"))) {
            assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("tenant", "acme"));
            assertThat(MDC.get("AWSRequestId")).isNull();
            assertThat(adapter().get("AWSRequestId")).isNull();
            assertThat((Map<?, ?>) adapter().getCopyOfContextMap()).isEqualTo(Map.of("tenant", "acme"));
            assertThat(adapter().getPropertyMap()).containsEntry("AWSRequestId", "lambda-2")
                    .containsEntry("ApiGatewayRequestId", "req-1").containsEntry("tenant", "acme");
        }
        assertThat(adapter().getPropertyMap()).isEqualTo(Map.of("tenant", "acme"));
    }

    @Test
    void a_line_reuses_the_same_map_until_the_invocation_or_the_users_mdc_changes() {
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-3"))) {
            Map<String, String> own = adapter().getPropertyMap();
            assertThat(adapter().getPropertyMap()).as("no user keys: the invocation's own map").isSameAs(own);
            assertThat(own.keySet()).containsExactly("AWSRequestId", "ApiGatewayRequestId");
            MDC.put("tenant", "acme");
            Map<String, String> merged = adapter().getPropertyMap();
            assertThat(merged).isNotSameAs(own);
            assertThat(merged.keySet()).as("the invocation's keys first").containsExactly("AWSRequestId",
                    "ApiGatewayRequestId", "tenant");
            assertThat(adapter().getPropertyMap()).as("steady state: the same merged map").isSameAs(merged);
            MDC.put("orderId", "42");
            assertThat(adapter().getPropertyMap()).isNotSameAs(merged).containsEntry("orderId", "42");
        }
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-4"))) {
            assertThat(adapter().getPropertyMap()).as("a new invocation, a new map").containsEntry("AWSRequestId",
                    "lambda-4");
        }
    }

    @Test
    void it_is_put_on_the_context_once_and_explains_the_warning_logback_records() {
        LoggerContext context = LogbackHarness.loggerContext();
        QUIET.open(EVENT, new FakeContext()).close(); // the adapter is loaded by the first scope at the latest
        assertThat(CorrelationMdcAdapter.installOn(context)).isTrue();
        assertThat(CorrelationMdcAdapter.installOn(new org.slf4j.helpers.NOPLoggerFactory())).isFalse();
        LoggerContext bare = new LoggerContext();
        assertThat(CorrelationMdcAdapter.installOn(bare)).as("a context without an MDC adapter").isFalse();

        List<String> statuses = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() >= Status.WARN || status.getMessage().contains("apigw-correlation"))
                .map(status -> status.getLevel() + " " + status.getMessage()).collect(Collectors.toList());
        assertThat(statuses).containsExactly("1 mdcAdapter being reset a second time",
                "0 apigw-correlation put its MDC adapter over " + LogbackMDCAdapter.class.getName()
                        + " (the WARN just before): every event's MDC now holds the request IDs of the invocation "
                        + "that logged it; MDC itself is unchanged");
        assertThat(adapter()).isSameAs(context.getMDCAdapter());
    }

    @Test
    void an_adapter_that_is_not_logbacks_is_read_through_its_copy() {
        LoggerContext context = new LoggerContext();
        BasicMDCAdapter foreign = new BasicMDCAdapter();
        context.setMDCAdapter(foreign);
        assertThat(CorrelationMdcAdapter.installOn(context)).isTrue();
        foreign.put("tenant", "acme");
        CorrelationMdcAdapter adapter = (CorrelationMdcAdapter) context.getMDCAdapter();
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-5"))) {
            assertThat(adapter.getPropertyMap()).containsEntry("tenant", "acme").containsEntry("AWSRequestId",
                    "lambda-5");
        }
        assertThat(adapter.getPropertyMap()).isEqualTo(Map.of("tenant", "acme"));
    }
}
