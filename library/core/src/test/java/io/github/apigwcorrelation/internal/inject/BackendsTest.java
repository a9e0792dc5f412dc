package io.github.apigwcorrelation.internal.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.spi.LoggingBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No adapter or several: said once, on standard error, where it is seen even when no logging works. */
class BackendsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private String said() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void no_adapter_says_which_dependency_to_add_and_logs_nothing() {
        LoggingBackend backend = Backends.select(List.of(), stream);

        assertThat(said()).isEqualTo("apigw-correlation ERROR no logging adapter on the class path, so no log line "
                + "will carry the request IDs: depend on apigw-correlation-log4j2 or apigw-correlation-logback"
                + System.lineSeparator());
        assertThat(backend.isEnabled(LoggingBackend.Level.ERROR)).isFalse();
    }

    @Test
    void one_adapter_is_used_silently() {
        RecordingBackend only = new RecordingBackend();

        assertThat(Backends.select(List.of(only), stream)).isSameAs(only);
        assertThat(said()).isEmpty();
    }

    @Test
    void several_adapters_each_get_the_scopes_and_the_first_gets_the_lines_and_it_is_said() {
        Counting first = new Counting("Log4j2");
        Counting second = new Counting("Logback");

        LoggingBackend backend = Backends.select(List.of(first, second), stream);
        Object state = backend.installed(null);
        backend.restored(state);
        backend.invocationEnded();
        backend.log(LoggingBackend.Level.WARN, "line", null);

        assertThat(said()).isEqualTo("apigw-correlation WARN 2 logging adapters on the class path (Log4j2, Logback): "
                + "each gets the IDs, the library's own lines go to Log4j2; depend on the adapter of the backend "
                + "you log with only" + System.lineSeparator());
        assertThat(first.calls).isEqualTo("installed restored ended log ");
        assertThat(second.calls).isEqualTo("installed restored ended ");
    }

    /** Counts what the core tells it. */
    private static final class Counting implements LoggingBackend {
        private final String name;
        private String calls = "";

        Counting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isEnabled(Level level) {
            return true;
        }

        @Override
        public void log(Level level, String message, Throwable thrown) {
            calls += "log ";
        }

        @Override
        public Object installed(io.github.apigwcorrelation.spi.ContextEntries entries) {
            calls += "installed ";
            return name;
        }

        @Override
        public void restored(Object state) {
            assertThat(state).isEqualTo(name);
            calls += "restored ";
        }

        @Override
        public void invocationEnded() {
            calls += "ended ";
        }
    }
}
