package io.github.apigwcorrelation.propagation.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Adds one string member to a user's JSON object by splicing text at the right place, so every byte the user
 * wrote (number formats, key order, whitespace, escapes) stays as it was. The parser finds the place and refuses
 * anything that is not exactly one JSON object.
 */
public final class JsonSplice {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonSplice() {}

    /** What became of a splice. */
    public static final class Outcome {
        static final Outcome USERS_OWN = new Outcome(null, null);

        private final String json;
        private final String problem;

        private Outcome(String json, String problem) {
            this.json = json;
            this.problem = problem;
        }

        /** @return the JSON with the member added, or null when nothing was added */
        public String json() {
            return json;
        }

        /** @return why nothing was added, or null when it was, or when the user's JSON already has the member */
        public String problem() {
            return problem;
        }

        static Outcome added(String json) {
            return new Outcome(json, null);
        }

        static Outcome refused(String problem) {
            return new Outcome(null, problem);
        }
    }

    /**
     * Adds {@code "field":"value"} as the last top-level member of {@code json}.
     *
     * @param json the user's JSON
     * @param field a member name that needs no escaping
     * @param value a value that needs no escaping ({@link ChainId#isSafe safe})
     * @return the outcome: refused when {@code json} is not one JSON object, the user's own when it already has a
     *     top-level {@code field}
     */
    public static Outcome addMember(String json, String field, String value) {
        if (json == null) {
            return Outcome.refused("it is absent");
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Outcome.refused("it is not a JSON object");
            }
            boolean empty = true;
            boolean present = false;
            int close;
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return Outcome.refused("it is not valid JSON");
                }
                if (token == JsonToken.END_OBJECT) {
                    close = (int) parser.currentTokenLocation().getCharOffset();
                    break;
                }
                empty = false;
                if (field.equals(parser.currentName())) {
                    present = true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                return Outcome.refused("it has content after its JSON object");
            }
            if (present) {
                return Outcome.USERS_OWN;
            }
            return Outcome.added(insert(json, close, (empty ? "" : ",") + member(field, value)));
        } catch (IOException | RuntimeException e) {
            return Outcome.refused("it is not valid JSON");
        }
    }

    /**
     * Adds {@code "key":"value"} to the {@code custom} object of a Lambda client context, creating {@code custom}
     * when there is none.
     *
     * @param json the client context's JSON, decoded
     * @param key an entry name that needs no escaping
     * @param value a value that needs no escaping ({@link ChainId#isSafe safe})
     * @return the outcome: refused when {@code json} is not one JSON object, when its {@code custom} is not an object
     *     or appears twice (which one wins would be up to the receiving runtime); the user's own when {@code custom}
     *     already has {@code key}
     */
    public static Outcome addCustomEntry(String json, String key, String value) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Outcome.refused("it is not a JSON object");
            }
            boolean topEmpty = true;
            int customs = 0;
            boolean customEmpty = true;
            boolean present = false;
            int customClose = -1;
            int topClose;
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return Outcome.refused("it is not valid JSON");
                }
                if (token == JsonToken.END_OBJECT) {
                    topClose = (int) parser.currentTokenLocation().getCharOffset();
                    break;
                }
                topEmpty = false;
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                if (!"custom".equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                customs++;
                if (valueToken != JsonToken.START_OBJECT) {
                    return Outcome.refused("its \"custom\" member is not a JSON object");
                }
                for (JsonToken member = parser.nextToken(); member != JsonToken.END_OBJECT;
                        member = parser.nextToken()) {
                    if (member == null) {
                        return Outcome.refused("it is not valid JSON");
                    }
                    customEmpty = false;
                    if (key.equals(parser.currentName())) {
                        present = true;
                    }
                    parser.nextToken();
                    parser.skipChildren();
                }
                customClose = (int) parser.currentTokenLocation().getCharOffset();
            }
            if (parser.nextToken() != null) {
                return Outcome.refused("it has content after its JSON object");
            }
            if (customs > 1) {
                return Outcome.refused("it has " + customs + " \"custom\" members");
            }
            if (present) {
                return Outcome.USERS_OWN;
            }
            if (customs == 1) {
                return Outcome.added(insert(json, customClose, (customEmpty ? "" : ",") + member(key, value)));
            }
            return Outcome.added(insert(json, topClose, (topEmpty ? "" : ",") + "\"custom\":{" + member(key, value)
                    + "}"));
        } catch (IOException | RuntimeException e) {
            return Outcome.refused("it is not valid JSON");
        }
    }

    private static String member(String name, String value) {
        return "\"" + name + "\":\"" + value + "\"";
    }

    private static String insert(String json, int at, String text) {
        return new StringBuilder(json.length() + text.length()).append(json, 0, at).append(text)
                .append(json, at, json.length()).toString();
    }
}
