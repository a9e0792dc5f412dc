package io.github.apigwcorrelation.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes a function really prints: the backend's harness ({@link LoggingHarness#attach}) makes the shipped Text
 * layout write into {@link #text()} and the shipped JSON layout into {@link #json()}, streams that cut the bytes
 * into lines at {@code \n} and parse every line. A line that does not parse (split, forged, control characters,
 * invalid UTF-8, a duplicated JSON key) is kept as rejected; every parsed line goes to the sink. The harness also
 * calls {@link #countEvent()} once per event from a third appender, so "one event, one line" is checked on the
 * output, not assumed.
 *
 * <p>Unlike {@link CapturedLogs} (events kept in memory), this checks the shipped layouts byte by byte and streams,
 * so a million-line run keeps nothing but counters.
 */
public final class RealOutput {
    /** What an ID printed by the library may look like: a plausible ID or the placeholder. */
    public static final Pattern PRINTABLE_ID = Pattern.compile("[A-Za-z0-9\\-_.:=+/@]{1,128}");

    /** Both shipped Text patterns print this prefix, then the message. */
    private static final Pattern TEXT_LINE = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (\\S*) APIG: (\\S*)(?: ORIGIN: (\\S+))? - "
                    + "(TRACE|DEBUG|INFO |WARN |ERROR|FATAL) (\\S+) - (.*)");
    private static final JsonFactory JSON = JsonFactory.builder().enable(
            com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The two shipped layouts. */
    public enum Format { TEXT, JSON }

    /**
     * One printed line, parsed.
     *
     * @param extendedId only the JSON layout prints it; null in text lines and when absent
     * @param originId the chain's origin request ID (Text: after {@code ORIGIN:}, printed only when there is one)
     * @param fields every JSON field (empty for text lines)
     */
    public record Line(Format format, String raw, String lambdaId, String apiGatewayId, String extendedId,
            String originId, String level, String logger, String message, Map<String, String> fields) {}

    private final Consumer<Line> sink;
    private final List<String> rejected = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong textLines = new AtomicLong();
    private final AtomicLong jsonLines = new AtomicLong();
    private final AtomicLong rejectedLines = new AtomicLong();
    private final LineSplitter text = new LineSplitter(Format.TEXT);
    private final LineSplitter json = new LineSplitter(Format.JSON);

    /** @param sink receives every line that parses, on the thread that writes it */
    public RealOutput(Consumer<Line> sink) {
        this.sink = sink;
    }

    /** @return where the shipped Text layout writes */
    public OutputStream text() {
        return text;
    }

    /** @return where the shipped JSON layout writes */
    public OutputStream json() {
        return json;
    }

    /** Called once per event by the harness's counting appender. */
    public void countEvent() {
        events.incrementAndGet();
    }

    public long events() {
        return events.get();
    }

    public long textLines() {
        return textLines.get();
    }

    public long jsonLines() {
        return jsonLines.get();
    }

    /** @return how many lines did not parse */
    public long rejectedLines() {
        return rejectedLines.get();
    }

    /** @return the first thousand lines that did not parse, each with the reason */
    public List<String> rejected() {
        synchronized (rejected) {
            return new ArrayList<>(rejected);
        }
    }

    /** Cuts the bytes one appender writes into lines; an appender writes one event at a time. */
    private final class LineSplitter extends OutputStream {
        private final Format format;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);

        LineSplitter(Format format) {
            this.format = format;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                pending.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    pending.write(bytes, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            pending.write(bytes, start, offset + length - start);
        }

        private void emit() {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            (format == Format.TEXT ? textLines : jsonLines).incrementAndGet();
            String raw;
            try {
                raw = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                reject("invalid UTF-8", new String(bytes, StandardCharsets.ISO_8859_1));
                return;
            }
            Line line;
            try {
                line = format == Format.TEXT ? parseText(raw) : parseJson(raw);
            } catch (IOException | RuntimeException e) {
                reject(e.getMessage(), raw);
                return;
            }
            if (line != null) {
                sink.accept(line);
            }
        }

        private Line parseText(String raw) {
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                // Nothing that can end, rewrite or hide a line: C0 (tab included), DEL, C1, U+2028 and U+2029.
                if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                    reject(String.format("control or line-breaking character U+%04X at %d", (int) c, i), raw);
                    return null;
                }
            }
            Matcher m = TEXT_LINE.matcher(raw);
            if (!m.matches()) {
                reject("not a line of the text pattern", raw);
                return null;
            }
            return new Line(Format.TEXT, raw, m.group(2), m.group(3), null, m.group(4), m.group(5).trim(), m.group(6),
                    m.group(7),
                    Map.of());
        }

        private Line parseJson(String raw) throws IOException {
            Map<String, String> fields = new HashMap<>();
            try (JsonParser parser = JSON.createParser(raw)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    reject("not a JSON object", raw);
                    return null;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (parser.nextToken() != JsonToken.VALUE_STRING) {
                        reject("field " + name + " is not a string", raw);
                        return null;
                    }
                    fields.put(name, parser.getText());
                }
                if (parser.nextToken() != null) {
                    reject("text after the JSON object", raw);
                    return null;
                }
            }
            return new Line(Format.JSON, raw, fields.get("AWSRequestId"), fields.get("ApiGatewayRequestId"),
                    fields.get("ApiGatewayExtendedRequestId"), fields.get("OriginRequestId"), fields.get("level"),
                    fields.get("logger"),
                    fields.get("message"), fields);
        }

        private void reject(String why, String raw) {
            rejectedLines.incrementAndGet();
            synchronized (rejected) {
                if (rejected.size() < 1000) {
                    rejected.add(format + " " + why + ": " + (raw.length() > 300 ? raw.substring(0, 300) + "..." : raw));
                }
            }
        }
    }
}
