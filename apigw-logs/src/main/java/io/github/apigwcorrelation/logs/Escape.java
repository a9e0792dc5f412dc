package io.github.apigwcorrelation.logs;

/**
 * Makes text safe for one terminal line. Log messages are written by whoever can make a function
 * print (or a client whose header a function logs), so a message could hold an ESC sequence that
 * redraws the screen, a CR or LF that fakes a second line, a NUL that makes {@code grep} call the
 * output binary, or a bidirectional override that reorders what is shown. Every C0 control character
 * but TAB, DEL, the C1 range, the Unicode line and paragraph separators and the bidirectional
 * controls are written as {@code \\uXXXX} ({@code \\n}, {@code \\r} for the two line breaks), so one
 * event is always one physical line that shows what was logged. A backslash is left as it is: the
 * escapes only need to be readable, not reversible.
 */
final class Escape {
    private Escape() {
    }

    /** Whether {@code c} must not reach a terminal raw. */
    static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f' || c == '\u061c';
    }

    /** {@code s} with every unsafe character escaped; the same instance when there is none. */
    static String text(String s) {
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (unsafe(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
