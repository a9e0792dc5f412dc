package io.github.apigwcorrelation.internal.extract;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.List;

/** A user-configured JSON Pointer (RFC 6901), compiled once into its segments. */
public final class PointerPath {
    private final String text;
    private final String[] names;
    private final int[] indices;

    private PointerPath(String text, String[] names, int[] indices) {
        this.text = text;
        this.names = names;
        this.indices = indices;
    }

    /**
     * Compiles a pointer.
     *
     * @param text a JSON Pointer such as {@code /headers/x-correlation-id}
     * @return the compiled pointer
     * @throws IllegalArgumentException naming the pointer when it is not valid or points at the whole event
     */
    public static PointerPath compile(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(
                    "request ID pointer '" + text + "' must point below the event root, e.g. /meta/requestId");
        }
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "request ID pointer '" + text + "' is not a JSON Pointer (RFC 6901): " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
            names.add(p.getMatchingProperty());
            indices.add(p.getMatchingIndex());
        }
        return new PointerPath(text, names.toArray(new String[0]), indices.stream().mapToInt(Integer::intValue).toArray());
    }

    int length() {
        return names.length;
    }

    String name(int segment) {
        return names[segment];
    }

    /** @return the array index this segment can also mean, or -1 */
    int index(int segment) {
        return indices[segment];
    }

    @Override
    public String toString() {
        return text;
    }
}
