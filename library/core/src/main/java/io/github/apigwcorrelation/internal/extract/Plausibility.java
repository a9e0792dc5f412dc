package io.github.apigwcorrelation.internal.extract;

/**
 * The rule an ID must pass before it is written into a log line. IDs can come from data a client controls
 * (headers, bodies, a forged direct invoke), so anything that could split, colour or fake a line is refused.
 */
public final class Plausibility {
    /** Longer than any ID API Gateway, ALB or X-Ray issues (36 to 40 characters), with room for custom ones. */
    public static final int MAX_LENGTH = 128;

    private Plausibility() {}

    /**
     * Checks an ID candidate.
     *
     * @param candidate the value found in the event, of any type
     * @return null when it is a plausible ID, else why not (never quoting the value)
     */
    public static String problem(Object candidate) {
        if (candidate == null) {
            return "it is null";
        }
        if (!(candidate instanceof CharSequence)) {
            String type = candidate.getClass().getSimpleName();
            return "it is " + ("AEIOU".indexOf(type.isEmpty() ? 'X' : type.charAt(0)) >= 0 ? "an " : "a ") + type
                    + ", not a string";
        }
        CharSequence id = (CharSequence) candidate;
        int length = id.length();
        if (length == 0) {
            return "it is empty";
        }
        if (length > MAX_LENGTH) {
            return "it is " + length + " characters long (at most " + MAX_LENGTH + " allowed)";
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (!allowed(c)) {
                return "it contains " + describe(c) + " at index " + i
                        + " (allowed: letters, digits and - _ . : = + / @)";
            }
        }
        return null;
    }

    /** Checked on every ID of every invocation: one table lookup per character. */
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ALLOWED[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.:=+/@".indexOf(c) >= 0;
        }
    }

    private static boolean allowed(char c) {
        return c < 128 && ALLOWED[c];
    }

    private static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        if (Character.isISOControl(c)) {
            return "the control character " + code;
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c) ? "the space " + code : "the character " + code;
    }
}
