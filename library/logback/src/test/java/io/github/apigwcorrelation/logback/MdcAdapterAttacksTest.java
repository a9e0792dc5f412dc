package io.github.apigwcorrelation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.amazonaws.services.lambda.runtime.Context;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.LogbackHarness;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.testing.CapturedLogs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/** Attacks on the MDC adapter the IDs depend on: replaced by another, or handed a null map. */
class MdcAdapterAttacksTest {
    private static final Logger log = LoggerFactory.getLogger("attacks.Logback");
    private static final Correlation CORRELATION = Correlation.builder().logInvocationLine(false).build();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(() -> LogbackHarness.INSTANCE);

    private static Map<String, Object> event(String id) {
        return Map.of("requestContext", Map.of("requestId", id, "apiId", "w4hd8ru2l1"));
    }

    /**
     * Something else sets the logger context's MDC adapter after the library (a framework's or the user's own
     * adapter, as Logback allows with one WARN status): the IDs must not silently vanish from every line.
     */
    @Test
    void another_mdc_adapter_installed_after_the_library_does_not_silently_remove_the_ids_from_every_line() {
        CORRELATION.wrap((Map<String, Object> e, Context c) -> "warm up").handleRequest(event("api-0"),
                new FakeContext("lambda-0"));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        MDCAdapter library = context.getMDCAdapter();
        try {
            context.setMDCAdapter(new LogbackMDCAdapter());
            CORRELATION.wrap((Map<String, Object> e, Context c) -> {
                log.info("order 42 shipped");
                return "ok";
            }).handleRequest(event("api-1"), new FakeContext("lambda-1"));
        } finally {
            context.setMDCAdapter(library);
        }

        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.lambdaId()).isEqualTo("lambda-1");
            assertThat(line.apiGatewayId()).isEqualTo("api-1");
        });
    }

    /** {@code MDC.setContextMap(null)} in user code: the IDs stay, nothing throws. */
    @Test
    void set_context_map_null_keeps_the_ids() {
        CORRELATION.wrap((Map<String, Object> e, Context c) -> {
            MDC.put("user", "u-1");
            MDC.setContextMap(null);
            log.info("after setContextMap(null)");
            return "ok";
        }).handleRequest(event("api-2"), new FakeContext("lambda-2"));

        assertThat(logs.drain()).singleElement().satisfies(line -> {
            assertThat(line.lambdaId()).isEqualTo("lambda-2");
            assertThat(line.apiGatewayId()).isEqualTo("api-2");
        });
        MDC.clear();
    }
}
