package io.github.apigwcorrelation.internal.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.apigwcorrelation.RequestIds.Source;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Finds the request ID in a raw JSON event with a streaming parser, without building a tree. It descends only
 * into the few objects that can hold an ID ({@code requestContext}, {@code context}, {@code headers},
 * {@code multiValueHeaders}, the prefixes of user pointers), skips everything else, and stops reading as soon
 * as the request context has been read. Every byte it pulls from the source is recorded, so the handler gets
 * the exact event back from {@link Scan#replay()}.
 */
public final class StreamScanner {
    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
    private static final int MAX_PATH = 32;

    private final JsonParser parser;
    private final List<PointerPath> pointers;
    private final Object[] path = new Object[MAX_PATH];
    private Object requestId;
    private Object extendedRequestId;
    private Object templateRequestId;
    private Object templateExtendedRequestId;
    private Source source = Source.REST_API;
    private Object traceHeader;
    private final Object[] pointerValues;
    private boolean alb;
    private boolean done;

    private StreamScanner(JsonParser parser, List<PointerPath> pointers) {
        this.parser = parser;
        this.pointers = pointers;
        this.pointerValues = new Object[pointers.size()];
    }

    /** The IDs found and the stream to hand to the handler instead of the original. */
    public static final class Scan {
        private final Extracted ids;
        private final InputStream replay;

        Scan(Extracted ids, InputStream replay) {
            this.ids = ids;
            this.replay = replay;
        }

        /** @return the IDs, or why there are none */
        public Extracted ids() {
            return ids;
        }

        /** @return the bytes the scan consumed followed by the unread rest: the original event, untouched */
        public InputStream replay() {
            return replay;
        }
    }

    /**
     * Scans a JSON event.
     *
     * @param in the event as the runtime passed it; read only as far as needed, never closed
     * @param pointers user-configured paths, preferred over the built-in sources
     * @return the IDs and the replay stream; never throws
     */
    public static Scan scan(InputStream in, List<PointerPath> pointers) {
        ReplayInputStream replay = new ReplayInputStream(in);
        Extracted ids;
        try (JsonParser parser = JSON.createParser(replay.recorder())) {
            ids = new StreamScanner(parser, pointers).run();
        } catch (StreamConstraintsException e) {
            ids = Extracted.missing("the event JSON exceeds the parser's limits (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            ids = Extracted.missing("the event is not valid JSON" + at(e.getLocation()));
        } catch (IOException e) {
            ids = Extracted.missing("reading the event failed with " + e.getClass().getName());
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            ids = Extracted.missing("scanning the event failed with " + e.getClass().getName());
        }
        return new Scan(ids, replay.rewind());
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private Extracted run() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return Extracted.missing("the event is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            return Extracted.missing("the event is not a JSON object (it is "
                    + (first == JsonToken.START_ARRAY ? "an array" : "a single " + first.name()) + ")");
        }
        walkObject(0);
        return result();
    }

    /** Pointers in their configured order, each only if plausible; then the built-in sources. */
    private Extracted result() {
        Extracted byPointer = null;
        for (int i = 0; i < pointers.size() && (byPointer == null || !byPointer.found()); i++) {
            if (pointerValues[i] != null) {
                byPointer = pointerCandidate(i);
            }
        }
        return Extracted.pointerOrBuiltIn(byPointer, this::builtIn);
    }

    private Extracted pointerCandidate(int i) {
        return Extracted.of(pointerValues[i], null, Source.JSON_POINTER, "the event at " + pointers.get(i));
    }

    private Extracted builtIn() {
        if (requestId != null && !alb) {
            return Extracted.of(requestId, extendedRequestId, source, "requestContext.requestId");
        }
        if (templateRequestId != null) {
            return Extracted.of(templateRequestId, templateExtendedRequestId, Source.MAPPING_TEMPLATE,
                    "context.request-id of the mapping template");
        }
        if (traceHeader != null) {
            Object root = traceHeader instanceof String ? EventExtractor.traceRoot((String) traceHeader) : traceHeader;
            return Extracted.of(root, null, Source.ALB_TRACE_HEADER, "the " + EventExtractor.TRACE_HEADER + " header");
        }
        return Extracted.missing("found no requestContext.requestId, context.request-id or "
                + EventExtractor.TRACE_HEADER + " header in the event");
    }

    /** Parser is on START_OBJECT of a value at {@code depth} (the root has depth 0). */
    private void walkObject(int depth) throws IOException {
        while (!done && parser.nextToken() == JsonToken.FIELD_NAME) {
            path[depth] = parser.currentName();
            visit(depth + 1, parser.nextToken());
        }
        if (!done && depth == 1 && pointers.isEmpty()
                && (requestId != null && "requestContext".equals(path[0])
                        || templateRequestId != null && "context".equals(path[0]))) {
            done = true; // the request context is complete: the rest of the event is left unread
        }
    }

    private void walkArray(int depth) throws IOException {
        int index = 0;
        JsonToken token;
        while (!done && (token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            path[depth] = index++;
            visit(depth + 1, token);
        }
    }

    /** Parser is on the value whose path is {@code path[0..length)}. */
    private void visit(int length, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            if (length < MAX_PATH && descend(length)) {
                if (value == JsonToken.START_OBJECT) {
                    walkObject(length);
                } else {
                    walkArray(length);
                }
            } else {
                parser.skipChildren();
            }
            return;
        }
        if (value != null && value.isScalarValue()) {
            collect(length, value);
        }
    }

    private boolean descend(int length) {
        for (PointerPath pointer : pointers) {
            if (pointer.length() > length && matches(pointer, length)) {
                return true;
            }
        }
        if (length == 1) {
            Object top = path[0];
            return "requestContext".equals(top) || "context".equals(top) || "headers".equals(top)
                    || "multiValueHeaders".equals(top);
        }
        if (length == 2 && "requestContext".equals(path[0]) && "elb".equals(path[1])) {
            alb = true;
            return false;
        }
        if (length == 2 && "requestContext".equals(path[0]) && "http".equals(path[1])) {
            source = Source.HTTP_API; // only payload 2.0 has requestContext.http, wherever "version" is
            return false;
        }
        return length == 2 && "multiValueHeaders".equals(path[0]) && isTraceHeader(path[1]);
    }

    private void collect(int length, JsonToken value) throws IOException {
        for (int i = 0; i < pointers.size(); i++) {
            PointerPath pointer = pointers.get(i);
            if (pointerValues[i] == null && pointer.length() == length && matches(pointer, length)) {
                pointerValues[i] = value.isNumeric() ? parser.getText() : scalar(value);
                // The first pointer wins over everything else: once it holds a usable ID, stop reading.
                done = i == 0 && pointerValues[0] != null && pointerCandidate(0).found();
            }
        }
        if (length == 2) {
            Object parent = path[0];
            Object name = path[1];
            if ("requestContext".equals(parent)) {
                if ("requestId".equals(name)) {
                    requestId = scalar(value);
                } else if ("extendedRequestId".equals(name)) {
                    extendedRequestId = scalar(value);
                } else if ("connectionId".equals(name)) {
                    source = Source.WEBSOCKET_API;
                }
            } else if ("context".equals(parent)) {
                if ("request-id".equals(name)) {
                    templateRequestId = scalar(value);
                } else if ("extended-request-id".equals(name)) {
                    templateExtendedRequestId = scalar(value);
                }
            } else if ("headers".equals(parent) && isTraceHeader(name) && traceHeader == null) {
                traceHeader = scalar(value);
            }
        } else if (length == 1 && "version".equals(path[0]) && "2.0".equals(scalar(value))) {
            source = source == Source.REST_API ? Source.HTTP_API : source;
        } else if (length == 3 && "multiValueHeaders".equals(path[0]) && Integer.valueOf(0).equals(path[2])
                && traceHeader == null) {
            traceHeader = scalar(value);
        }
    }

    /** Strings as text; other scalars as a marker of their type, so plausibility can say what was wrong. */
    private Object scalar(JsonToken value) throws IOException {
        switch (value) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            default:
                return parser.getBooleanValue();
        }
    }

    private static boolean isTraceHeader(Object name) {
        return name instanceof String && EventExtractor.TRACE_HEADER.equalsIgnoreCase((String) name);
    }

    private boolean matches(PointerPath pointer, int length) {
        for (int i = 0; i < length; i++) {
            Object step = path[i];
            boolean same = step instanceof Integer ? pointer.index(i) == (Integer) step : pointer.name(i).equals(step);
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
