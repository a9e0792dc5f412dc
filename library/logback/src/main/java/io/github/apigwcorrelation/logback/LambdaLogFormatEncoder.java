package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.spi.ContextAware;
import java.util.Locale;

/**
 * Text or JSON, as the function's {@code LoggingConfig.LogFormat} says: Lambda sets {@code AWS_LAMBDA_LOG_FORMAT},
 * and this encoder writes each event with its {@code <text>} or its {@code <json>} encoder, chosen once when it
 * starts, as {@code aws-lambda-java-log4j2}'s {@code LambdaAppender} does for Log4j2. It needs no Janino and no
 * {@code <if>}.
 *
 * <pre>{@code
 * <encoder class="io.github.apigwcorrelation.logback.LambdaLogFormatEncoder">
 *   <text class="ch.qos.logback.classic.encoder.PatternLayoutEncoder"><pattern>...</pattern></text>
 *   <json class="io.github.apigwcorrelation.logback.CorrelationJsonEncoder"/>
 * </encoder>
 * }</pre>
 *
 * <p>An unset or empty variable means Text, any case of {@code Text} or {@code JSON} is accepted, and any other
 * value means Text with one WARN status that names the variable and the fix. A format whose encoder is missing
 * is an ERROR status naming the element to add, and the other encoder writes the lines.
 *
 * @since 0.2.0
 */
public final class LambdaLogFormatEncoder extends EncoderBase<ILoggingEvent> {
    static final String VARIABLE = "AWS_LAMBDA_LOG_FORMAT";

    private Encoder<ILoggingEvent> text;
    private Encoder<ILoggingEvent> json;
    private Encoder<ILoggingEvent> chosen;

    /** Called by Logback for {@code <encoder class="...">}. */
    public LambdaLogFormatEncoder() {}

    /** @param text the encoder of the Text format, usually a {@code PatternLayoutEncoder} */
    public void setText(Encoder<ILoggingEvent> text) {
        this.text = text;
    }

    /** @param json the encoder of the JSON format, usually {@link CorrelationJsonEncoder} */
    public void setJson(Encoder<ILoggingEvent> json) {
        this.json = json;
    }

    @Override
    public void start() {
        chosen = choose(isJson(System.getenv(VARIABLE), this));
        if (chosen == null) {
            addError("<encoder class=\"" + getClass().getName() + "\"> has neither <text> nor <json>: add both");
            return;
        }
        if (!chosen.isStarted()) {
            chosen.start();
        }
        super.start();
    }

    private Encoder<ILoggingEvent> choose(boolean wantJson) {
        Encoder<ILoggingEvent> wanted = wantJson ? json : text;
        Encoder<ILoggingEvent> other = wantJson ? text : json;
        if (wanted == null && other != null) {
            addError(VARIABLE + " asks for " + (wantJson ? "JSON" : "Text") + " but this encoder has no <"
                    + (wantJson ? "json" : "text") + ">: add <" + (wantJson ? "json class=\""
                    + CorrelationJsonEncoder.class.getName() + "\"/>" : "text class=\"ch.qos.logback.classic.encoder."
                    + "PatternLayoutEncoder\">") + "; writing " + (wantJson ? "Text" : "JSON") + " meanwhile");
            return other;
        }
        return wanted;
    }

    /**
     * @param value the variable's value, or null when it is not set
     * @param status where to say that the value is neither Text nor JSON
     * @return whether the format is JSON
     */
    static boolean isJson(String value, ContextAware status) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("text")) {
            return false;
        }
        if (trimmed.equalsIgnoreCase("json")) {
            return true;
        }
        status.addWarn(VARIABLE + " is '" + printable(trimmed) + "', which is neither Text nor JSON: logging Text. "
                + "Set the function's LoggingConfig.LogFormat to Text or JSON.");
        return false;
    }

    /** The value is the user's own, but it goes to a log: no control character, at most 40 characters. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(40).forEach(c -> out.append(c < 0x20 || c >= 0x7f && c <= 0x9f
                ? String.format(Locale.ROOT, "\\u%04x", c) : new String(Character.toChars(c))));
        return value.codePointCount(0, value.length()) > 40 ? out + "..." : out.toString();
    }

    @Override
    public byte[] headerBytes() {
        return chosen == null ? null : chosen.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return chosen.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return chosen == null ? null : chosen.footerBytes();
    }

    @Override
    public void stop() {
        super.stop();
        if (text != null) {
            text.stop();
        }
        if (json != null) {
            json.stop();
        }
    }
}
