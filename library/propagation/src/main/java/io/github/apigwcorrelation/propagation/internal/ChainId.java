package io.github.apigwcorrelation.propagation.internal;

import io.github.apigwcorrelation.RequestIds;
import java.util.Optional;

/** The ID that travels with outgoing calls: the current invocation's chain request ID. */
public final class ChainId {
    /** The longest ID the core lets through ({@code Plausibility.MAX_LENGTH}). */
    static final int MAX_LENGTH = 128;

    private ChainId() {}

    /**
     * @return the current invocation's chain request ID, or null outside any invocation, when it has none, or when
     *     it is not {@link #isSafe safe} on the wire. Outside an invocation this is one thread-local read.
     */
    public static String current() {
        Optional<RequestIds> ids = RequestIds.current();
        if (ids.isEmpty()) {
            return null;
        }
        String id = ids.get().chainRequestId().orElse(null);
        return isSafe(id) ? id : null;
    }

    /**
     * The core only ever hands out plausible IDs; this check stays as a second wall because the value goes into
     * HTTP headers, message attributes and JSON written without escaping.
     *
     * @param id a candidate
     * @return whether it is 1 to 128 characters of letters, digits and {@code - _ . : = + / @}
     */
    public static boolean isSafe(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.' || c == ':' || c == '=' || c == '+' || c == '/' || c == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
