package io.github.apigwcorrelation.spi;

/**
 * The escaping rules of every adapter's Text layout, in one place so that a message prints the same on each
 * backend: every character a terminal or {@code grep} could misread is written as an escape, so a message can
 * neither break its line nor fake one.
 *
 * <p>Escaped: every C0 control character ({@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} by name, the
 * others as {@code \u001b}), DEL, the C1 controls U+0080 to U+009F (U+0085 is a line break to some readers,
 * U+009B starts an escape sequence on some terminals), the line and paragraph separators U+2028 and U+2029, and
 * surrogates that do not form a pair (they cannot be encoded, and would be written as {@code ?}). Everything
 * else, backslashes included, is written as is.
 *
 * <p><b>Garbage footprint:</b> none. The text is escaped in place; a text without such characters is read once.
 *
 * @since 0.2.0
 */
public final class PrintableText {
    private PrintableText() {}

    /**
     * Escapes, in place, every character of {@code text} from {@code start} on that must not reach a line.
     *
     * @param text the buffer
     * @param start where the part to escape begins
     */
    public static void escape(StringBuilder text, int start) {
        int extra = 0;
        int length = text.length();
        for (int i = start; i < length; i++) {
            extra += escapedLength(text.charAt(i), i > 0 ? text.charAt(i - 1) : 0,
                    i + 1 < length ? text.charAt(i + 1) : 0) - 1;
        }
        if (extra == 0) {
            return;
        }
        // Grow once, then move from the end backwards: everything before "from" is still the original text, and
        // "next" remembers the original character after it, which may already be overwritten.
        text.setLength(length + extra);
        int to = length + extra;
        char next = 0;
        for (int from = length - 1; from >= start; from--) {
            char c = text.charAt(from);
            int escaped = escapedLength(c, from > 0 ? text.charAt(from - 1) : 0, next);
            next = c;
            if (escaped == 1) {
                text.setCharAt(--to, c);
                continue;
            }
            to -= escaped;
            writeEscape(text, to, c);
        }
    }

    /**
     * @param text a text
     * @return whether {@link #escape} would change it
     */
    public static boolean needsEscape(CharSequence text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (escapedLength(text.charAt(i), i > 0 ? text.charAt(i - 1) : 0,
                    i + 1 < length ? text.charAt(i + 1) : 0) != 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param c the character
     * @param previous the character before it, or 0
     * @param next the character after it, or 0
     * @return how many characters {@code c} takes once escaped (1 when it stays as is)
     */
    private static int escapedLength(char c, char previous, char next) {
        if (c >= ' ' && c < 0x7f) {
            return 1;
        }
        if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            return 2;
        }
        if (c < ' ' || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
            return 6;
        }
        if (Character.isHighSurrogate(c)) {
            return Character.isLowSurrogate(next) ? 1 : 6;
        }
        if (Character.isLowSurrogate(c)) {
            return Character.isHighSurrogate(previous) ? 1 : 6;
        }
        return 1;
    }

    private static void writeEscape(StringBuilder text, int at, char c) {
        text.setCharAt(at, '\\');
        switch (c) {
            case '\n':
                text.setCharAt(at + 1, 'n');
                return;
            case '\r':
                text.setCharAt(at + 1, 'r');
                return;
            case '\t':
                text.setCharAt(at + 1, 't');
                return;
            case '\b':
                text.setCharAt(at + 1, 'b');
                return;
            case '\f':
                text.setCharAt(at + 1, 'f');
                return;
            default:
                text.setCharAt(at + 1, 'u');
                for (int shift = 12, i = 2; shift >= 0; shift -= 4, i++) {
                    text.setCharAt(at + i, Character.forDigit((c >> shift) & 0xf, 16));
                }
        }
    }
}
