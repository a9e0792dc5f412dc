package io.github.apigwcorrelation.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small tree reader and a line writer on jackson-core's streaming API (no databind needed). */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * Jackson escapes C0 characters itself but writes DEL, C1, U+2028/2029 and the bidirectional
     * controls raw, which is valid JSON yet reaches a terminal (or a JavaScript reader) unescaped when
     * someone reads the output with {@code cat}: those are escaped too.
     */
    private static final CharacterEscapes ESCAPES = new CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // Asked for every character above ASCII.
            return ch <= 0xffff && Escape.unsafe((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    };

    private Json() {
    }

    /** The object a line holds, or {@code null} when the line is not exactly one JSON object. */
    static Map<String, Object> parseObject(String text) {
        String t = text.strip();
        if (!t.startsWith("{") || !t.endsWith("}")) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(t)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) read(p);
            return p.nextToken() == null ? map : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Object read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    /** A string value at a path of object keys, numbers rendered as text; {@code null} when absent. */
    static String text(Map<String, Object> map, String... path) {
        Object v = map;
        for (String key : path) {
            if (!(v instanceof Map)) {
                return null;
            }
            v = ((Map<?, ?>) v).get(key);
        }
        return v == null || v instanceof Map || v instanceof List ? null : v.toString();
    }

    /**
     * Whether the object a line holds names one of its top-level keys twice. Readers disagree on which
     * copy wins (this one keeps the last, others the first), so a line that does is not trusted for a
     * claim that rests on a key ({@code logger}).
     */
    static boolean hasDuplicateTopLevelKey(String text) {
        try (JsonParser p = FACTORY.createParser(text.strip())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (!seen.add(p.currentName())) {
                    return true;
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes one JSON object on one line; values are strings, numbers, booleans, lists and maps of those
     * (nulls are omitted, in maps too).
     */
    static String line(Map<String, ?> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCharacterEscapes(ESCAPES);
            writeObject(g, fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeObject(JsonGenerator g, Map<?, ?> fields) throws IOException {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            g.writeFieldName(String.valueOf(e.getKey()));
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map) {
            writeObject(g, (Map<?, ?>) v);
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object item : (List<?>) v) {
                if (item == null) {
                    g.writeNull();
                } else {
                    writeValue(g, item);
                }
            }
            g.writeEndArray();
        } else if (v instanceof Double && (Double) v == Math.rint((Double) v) && Math.abs((Double) v) < 1e15) {
            g.writeNumber(((Double) v).longValue());   // 545, not 545.0
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else {
            g.writeString(v.toString());
        }
    }
}
