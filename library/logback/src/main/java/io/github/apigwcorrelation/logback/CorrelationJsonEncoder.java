package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per line with the fields of the Log4j2 adapter's {@code apigw-correlation-layout.json}:
 * {@code timestamp} (UTC, milliseconds), {@code level}, {@code message} (formatted), {@code logger}, then, when the
 * event has an exception, {@code errorType}, {@code errorMessage} and {@code stackTrace}, then every MDC entry as a
 * top-level field: the invocation's IDs first, then the user's keys.
 *
 * <pre>{@code
 * <encoder class="io.github.apigwcorrelation.logback.CorrelationJsonEncoder"/>
 * }</pre>
 *
 * <p>No key is ever written twice: an MDC key that is one of the encoder's own fields (or {@code mdc}) goes into a
 * nested {@code "mdc"} object instead, so a user key named {@code message} or {@code level} can neither replace
 * nor shadow the real one for a JSON reader. Strings are escaped as JSON requires, and DEL, the C1 controls,
 * U+2028 and U+2029 are written as Unicode escapes too, so a line holds nothing a terminal could act on; a
 * surrogate without its pair cannot be encoded and becomes {@code ?}, as in any UTF-8 output of the JDK.
 *
 * <p>Logback's own {@code JsonEncoder} nests the MDC under {@code "mdc"} and prints another set of fields;
 * {@code logstash-logback-encoder} needs Jackson (Jackson 3, so Java 17, from its 9.0 on). This encoder needs
 * neither, and any encoder that reads the event's MDC (both of those included) gets the IDs too.
 *
 * @since 0.2.0
 */
public final class CorrelationJsonEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NOTHING = new byte[0];
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);
    private static final Set<String> OWN_FIELDS =
            Set.of("timestamp", "level", "message", "logger", "errorType", "errorMessage", "stackTrace", "mdc");

    /** The formatted start of the last second seen: {second, text}; lines of the same second share it. */
    private volatile Object[] lastSecond = {Long.MIN_VALUE, ""};

    /** Called by Logback for {@code <encoder class="...">}. */
    public CorrelationJsonEncoder() {}

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        StringBuilder json = new StringBuilder(thrown == null ? 512 : 4096);
        json.append("{\"timestamp\":\"");
        timestamp(json, event.getTimeStamp());
        json.append("\",\"level\":\"").append(event.getLevel()).append('"');
        field(json, "message", event.getFormattedMessage());
        field(json, "logger", event.getLoggerName());
        if (thrown != null) {
            field(json, "errorType", thrown.getClassName());
            field(json, "errorMessage", thrown.getMessage());
            field(json, "stackTrace", ThrowableProxyUtil.asString(thrown));
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        boolean nested = false;
        if (mdc != null) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (OWN_FIELDS.contains(entry.getKey())) {
                    nested = true;
                } else {
                    field(json, entry.getKey(), entry.getValue());
                }
            }
            if (nested) {
                json.append(",\"mdc\":{");
                boolean first = true;
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    if (OWN_FIELDS.contains(entry.getKey())) {
                        json.append(first ? "\"" : ",\"");
                        first = false;
                        string(json, entry.getKey());
                        json.append("\":\"");
                        string(json, entry.getValue());
                        json.append('"');
                    }
                }
                json.append('}');
            }
        }
        json.append("}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code ,"name":"value"}; nothing for a null value, as the Log4j2 template leaves such fields out. */
    private static void field(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        json.append(",\"");
        string(json, name);
        json.append("\":\"");
        string(json, value);
        json.append('"');
    }

    private void timestamp(StringBuilder json, long millis) {
        long second = Math.floorDiv(millis, 1000L);
        Object[] cached = lastSecond;
        String prefix;
        if ((long) cached[0] == second) {
            prefix = (String) cached[1];
        } else {
            prefix = SECOND.format(Instant.ofEpochSecond(second));
            lastSecond = new Object[] {second, prefix};
        }
        int ms = (int) Math.floorMod(millis, 1000L);
        json.append(prefix).append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                .append((char) ('0' + ms % 10)).append('Z');
    }

    /** Appends {@code text} as the inside of a JSON string. */
    static void string(StringBuilder json, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    json.append("\\\"");
                    break;
                case '\\':
                    json.append("\\\\");
                    break;
                case '\n':
                    json.append("\\n");
                    break;
                case '\r':
                    json.append("\\r");
                    break;
                case '\t':
                    json.append("\\t");
                    break;
                case '\b':
                    json.append("\\b");
                    break;
                case '\f':
                    json.append("\\f");
                    break;
                default:
                    if (c < ' ' || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                        json.append("\\u");
                        for (int shift = 12; shift >= 0; shift -= 4) {
                            json.append(Character.forDigit((c >> shift) & 0xf, 16));
                        }
                    } else {
                        json.append(c);
                    }
            }
        }
    }
}
