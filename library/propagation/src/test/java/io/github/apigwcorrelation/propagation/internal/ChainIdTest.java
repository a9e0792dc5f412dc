package io.github.apigwcorrelation.propagation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Invocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainIdTest {
    @Test
    void outsideAnInvocationThereIsNone() {
        assertThat(ChainId.current()).isNull();
    }

    @Test
    void insideItIsTheChainRequestId() {
        try (CorrelationScope scope = Invocations.restApiRequest("Zm9v-YmFy_1.2:3=4+5/6@7")) {
            assertThat(ChainId.current()).isEqualTo("Zm9v-YmFy_1.2:3=4+5/6@7");
        }
        assertThat(ChainId.current()).isNull();
    }

    /** The second wall: whatever the core let through, nothing that could split a header or JSON is written. */
    @ParameterizedTest
    @ValueSource(strings = {"", "a\rb", "a\nb", "a\u0000", "a\u001b", "a\u007f", "a\u0085", "a\u2028", "a b", "a\"b",
            "a\\b", "a,b", "a;b", "é"})
    void unsafeIdsAreRefused(String id) {
        assertThat(ChainId.isSafe(id)).isFalse();
    }

    @Test
    void lengthIsBounded() {
        assertThat(ChainId.isSafe("a".repeat(128))).isTrue();
        assertThat(ChainId.isSafe("a".repeat(129))).isFalse();
        assertThat(ChainId.isSafe(null)).isFalse();
    }
}
