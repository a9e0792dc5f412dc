package io.github.apigwcorrelation.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad configuration: an empty or unknown {@code AWS_LAMBDA_LOG_FORMAT} is Text, with one line for the unknown. */
class LambdaLogFormatLookupTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "Text", "TEXT", "text"})
    void an_empty_variable_or_any_case_of_text_is_text(String value) {
        assertThat(LambdaLogFormatLookup.logFormat(value)).isEqualTo("TEXT");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"JSON", "Json", "json", " JSON "})
    void any_case_of_json_is_json(String value) {
        assertThat(LambdaLogFormatLookup.logFormat(value)).isEqualTo("JSON");
    }

    @Test
    void an_unset_variable_is_text() {
        assertThat(LambdaLogFormatLookup.logFormat(null)).isEqualTo("TEXT");
    }

    @Test
    void an_unknown_value_is_text_with_one_status_line_naming_the_variable_and_the_fix() {
        List<String> messages = new ArrayList<>();
        StatusListener listener = new StatusListener() {
            @Override
            public void log(StatusData data) {
                messages.add(data.getLevel() + " " + data.getMessage().getFormattedMessage());
            }

            @Override
            public Level getStatusLevel() {
                return Level.WARN;
            }

            @Override
            public void close() {}
        };
        StatusLogger.getLogger().registerListener(listener);
        try {
            assertThat(LambdaLogFormatLookup.logFormat("Jsonn\u001b[2K")).isEqualTo("TEXT");
            assertThat(LambdaLogFormatLookup.logFormat("xml")).isEqualTo("TEXT");
        } finally {
            StatusLogger.getLogger().removeListener(listener);
        }

        assertThat(messages).containsExactly("WARN AWS_LAMBDA_LOG_FORMAT is 'Jsonn\\u001b[2K', which is neither Text "
                + "nor JSON: logging Text. Set the function's LoggingConfig.LogFormat to Text or JSON.");
    }

    @Test
    void the_lookup_answers_log_format_only() {
        assertThat(new LambdaLogFormatLookup().lookup("logFormat")).isIn("TEXT", "JSON");
        assertThat(new LambdaLogFormatLookup().lookup("other")).isNull();
    }
}
