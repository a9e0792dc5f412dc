package io.github.apigwcorrelation.internal.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON event into the {@code Map} the Lambda runtime would give a {@code Map} handler, pruned to the few
 * fields extraction looks at. Two rules make every reader agree with the handler:
 *
 * <ul>
 *   <li>the same JSON dialect as the runtime's Jackson ({@code aws-lambda-java-serialization}): single quotes,
 *       unquoted names, leading zeros, {@code NaN} and raw control characters are accepted, comments are not,
 *       and anything after the first value is ignored;
 *   <li>a repeated key replaces the earlier value whole, at every depth ({@code Map.put}), so the last
 *       {@code requestContext} of an event is the one read, as the runtime and the handler read it.
 * </ul>
 *
 * <p>The whole event is read: a later duplicate can only be ruled out at its end. Everything outside the wanted
 * fields is skipped by the parser without being kept, so memory stays a few small maps whatever the size.
 */
final class JsonEventReader {
    /** The runtime's read features: see {@code JacksonFactory} in {@code aws-lambda-java-serialization}. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();

    /** The fields the built-in sources read; see {@link EventExtractor}. */
    private static final Want BUILT_IN = builtIn();

    private JsonEventReader() {}

    /** The pruned event, or why there is none. */
    static final class Result {
        final Map<String, Object> event;
        final String problem;

        private Result(Map<String, Object> event, String problem) {
            this.event = event;
            this.problem = problem;
        }
    }

    /**
     * @param json the event's bytes (UTF-8, or any encoding Jackson detects, as the runtime does)
     * @param length how many of them hold the event
     * @param pointers user pointers: each path is kept too
     * @return the pruned event, or the reason it cannot be read
     */
    static Result read(byte[] json, int length, List<PointerPath> pointers) {
        return read(json, length, pointers, null);
    }

    /**
     * @param json the event's bytes
     * @param length how many of them hold the event
     * @param pointers user pointers: each path is kept too
     * @param header one more header to keep, in any case, or null
     * @return the pruned event, or the reason it cannot be read
     */
    static Result read(byte[] json, int length, List<PointerPath> pointers, String header) {
        Want want = pointers.isEmpty() && header == null ? BUILT_IN : withPointers(pointers, header);
        try (JsonParser parser = JSON.createParser(json, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Result(null, "the event is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                return new Result(null, "the event is not a JSON object (it is "
                        + (first == JsonToken.START_ARRAY ? "an array" : "a single " + first.name()) + ")");
            }
            return new Result(readObject(parser, want), null);
        } catch (StreamConstraintsException e) {
            return new Result(null, "the event JSON exceeds the parser's limits (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            return new Result(null, "the event is not valid JSON" + at(e.getLocation()));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new Result(null, "reading the event failed with " + e.getClass().getName());
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Parser is on START_OBJECT; returns at its END_OBJECT. */
    private static Map<String, Object> readObject(JsonParser parser, Want want) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Want child = want.child(name);
            if (child == null) {
                parser.skipChildren();
            } else {
                object.put(name, value(parser, token, child));
            }
        }
        return object;
    }

    /** Parser is on START_ARRAY; only wanted indices are kept, the size is exact. */
    private static List<Object> readArray(JsonParser parser, Want want) throws IOException {
        SparseList array = new SparseList();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            Want child = want.element(array.size);
            if (child == null) {
                parser.skipChildren();
                array.add(null);
            } else {
                array.add(value(parser, token, child));
            }
        }
        return array;
    }

    private static Object value(JsonParser parser, JsonToken token, Want want) throws IOException {
        switch (token) {
            case START_OBJECT:
                return readObject(parser, want);
            case START_ARRAY:
                return readArray(parser, want);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    /**
     * Which children of a JSON value to keep. A leaf keeps its value's type but none of its children, which is
     * all extraction needs of it (a string, or "not a string").
     */
    private static final class Want {
        private final Map<String, Want> byName = new HashMap<>();
        private final Map<Integer, Want> byIndex = new HashMap<>();
        /** Children named like these headers in any case (header names are case-insensitive), and their want. */
        private String[] headers = new String[0];
        private Want header;

        Want child(String name) {
            Want child = byName.get(name);
            if (child == null && header != null) {
                for (String wanted : headers) {
                    if (wanted.equalsIgnoreCase(name)) {
                        return header;
                    }
                }
            }
            return child;
        }

        Want element(int index) {
            return byIndex.get(index);
        }

        Want name(String name) {
            return byName.computeIfAbsent(name, n -> new Want());
        }

        Want names(String... names) {
            for (String name : names) {
                name(name);
            }
            return this;
        }
    }

    private static Want builtIn() {
        Want root = new Want();
        addBuiltIn(root, null);
        return root;
    }

    private static void addBuiltIn(Want root, String extraHeader) {
        String[] headers = extraHeader == null ? new String[] {EventExtractor.TRACE_HEADER, Origins.HEADER}
                : new String[] {EventExtractor.TRACE_HEADER, Origins.HEADER, extraHeader};
        root.name("requestContext").names(EventExtractor.REQUEST_CONTEXT_FIELDS);
        root.name("context").names("request-id", "extended-request-id");
        Want singleValue = root.name("headers");
        singleValue.headers = headers;
        singleValue.header = new Want();
        Want multiValue = root.name("multiValueHeaders");
        multiValue.headers = headers;
        multiValue.header = new Want();
        // Every value of a multi-value header is needed: two of them make the header ambiguous.
        multiValue.header.byIndex.put(0, new Want());
        multiValue.header.byIndex.put(1, new Want());
        root.name("version");
    }

    private static Want withPointers(List<PointerPath> pointers, String header) {
        Want root = new Want();
        addBuiltIn(root, header);
        for (PointerPath pointer : pointers) {
            Want node = root;
            for (int i = 0; i < pointer.length(); i++) {
                Want byName = node.name(pointer.name(i));
                if (pointer.index(i) >= 0) {
                    node.byIndex.putIfAbsent(pointer.index(i), byName);
                }
                node = byName;
            }
        }
        return root;
    }

    /** A list whose unwanted elements are null: the size and the wanted indices are those of the JSON array. */
    private static final class SparseList extends AbstractList<Object> {
        private final Map<Integer, Object> kept = new HashMap<>();
        private int size;

        @Override
        public boolean add(Object element) {
            if (element != null) {
                kept.put(size, element);
            }
            size++;
            return true;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + ", size " + size);
            }
            return kept.get(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
