package io.github.apigwcorrelation.propagation.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads one value out of a JSON document by its path of member names, with the streaming parser. */
public final class JsonValue {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonValue() {}

    /**
     * @param json a JSON document
     * @param path member names from the top; a number steps into an array
     * @return the text of the value there (a string's content, an object's or array's source), or null when absent
     */
    public static String at(String json, String... path) {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            for (int depth = 0; depth < path.length; depth++) {
                if (parser.currentToken() == JsonToken.START_ARRAY && path[depth].matches("[0-9]+")) {
                    int index = Integer.parseInt(path[depth]);
                    for (int i = 0; i <= index; i++) {
                        JsonToken element = parser.nextToken();
                        if (element == JsonToken.END_ARRAY) {
                            return null;
                        }
                        if (i < index) {
                            parser.skipChildren();
                        }
                    }
                    continue;
                }
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                boolean found = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (name.equals(path[depth])) {
                        found = true;
                        break;
                    }
                    parser.skipChildren();
                }
                if (!found) {
                    return null;
                }
            }
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
                return json.substring(start, end);
            }
            return token == JsonToken.VALUE_NULL ? null : parser.getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
