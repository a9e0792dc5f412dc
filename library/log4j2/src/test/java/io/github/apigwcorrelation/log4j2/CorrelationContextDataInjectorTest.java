package io.github.apigwcorrelation.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.impl.ContextDataInjectorFactory;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IDs join each event's context data without Log4j2 merging two providers' maps into a new one per event: the
 * adapter's {@code log4j2.component.properties} makes {@link CorrelationContextDataInjector} Log4j2's injector,
 * which reuses prebuilt frozen maps. (Garbage-free mode, decided once per JVM, is checked by the JMH benchmarks,
 * which verify the mode and the line of every fork.)
 */
class CorrelationContextDataInjectorTest {
    private static final Correlation QUIET = Correlation.builder().logInvocationLine(false).standardFields().build();
    private static final Map<String, Object> EVENT =
            Map.of("requestContext", Map.of("requestId", "id-2", "apiId", "w4hd8ru2l1"));

    @AfterEach
    void clearThreadContext() {
        ThreadContext.clearAll();
    }

    private static StringMap inject(ContextDataInjector injector) {
        return injector.injectContextData(null, new SortedArrayStringMap());
    }

    @Test
    void log4j2_uses_the_adapters_injector_named_in_its_component_properties() {
        assertThat(ContextDataInjectorFactory.createInjector()).isInstanceOf(CorrelationContextDataInjector.class);
        assertThat(CorrelationContextDataInjector.active()).isTrue();
    }

    @Test
    void every_event_of_an_invocation_shares_its_prebuilt_frozen_map() {
        ContextDataInjector injector = ContextDataInjectorFactory.createInjector();
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-2"))) {
            StringMap first = inject(injector);

            assertThat(inject(injector)).isSameAs(first);
            assertThat(first.isFrozen()).isTrue();
            assertThat(first.toMap()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("AWSRequestId", "lambda-2", "ApiGatewayRequestId", "id-2"));
        }
        assertThat(inject(injector).isEmpty()).isTrue();
    }

    @Test
    void the_invocations_ids_win_over_the_thread_contexts_and_user_keys_stay() {
        ContextDataInjector injector = ContextDataInjectorFactory.createInjector();
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-3"))) {
            ThreadContext.put("AWSRequestId", "stale-from-the-runtime");
            ThreadContext.put("ApiGatewayRequestId", "set-by-user-code");
            ThreadContext.put("tenant", "acme");
            StringMap merged = inject(injector);

            assertThat(merged.toMap()).containsExactlyInAnyOrderEntriesOf(Map.of("AWSRequestId", "lambda-3",
                    "ApiGatewayRequestId", "id-2", "tenant", "acme"));
            assertThat(inject(injector)).as("reused while nothing changes").isSameAs(merged);

            ThreadContext.put("tenant", "globex");
            assertThat(inject(injector).toMap()).containsEntry("tenant", "globex").containsEntry("AWSRequestId",
                    "lambda-3");
        }
    }

    @Test
    void the_provider_steps_aside_while_the_injector_is_active() {
        CorrelationContextDataProvider provider = new CorrelationContextDataProvider();
        try (CorrelationScope ignored = QUIET.open(EVENT, new FakeContext("lambda-4"))) {
            assertThat(provider.supplyStringMap().isEmpty()).isTrue();
            assertThat(provider.supplyContextData()).isEmpty();
            assertThat(provider.getValue("AWSRequestId")).isNull();
        }
    }
}
