package io.github.apigwcorrelation.log4j2;

import java.util.List;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;
import org.apache.logging.log4j.core.pattern.PatternParser;
import org.apache.logging.log4j.util.PerformanceSensitive;

/**
 * {@code %printable{pattern}}: the output of {@code pattern} with every character a terminal or {@code grep} could
 * misread escaped, so a message can neither break its line nor fake one.
 *
 * <p>Escaped: every C0 control character ({@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} by name, the
 * others as {@code \u001b}), DEL, the C1 controls U+0080 to U+009F (U+0085 is a line break to some readers,
 * U+009B starts an escape sequence on some terminals), the line and paragraph separators U+2028 and U+2029, and
 * surrogates that do not form a pair (they cannot be encoded, and would be written as {@code ?}). Everything
 * else, backslashes included, is written as is.
 *
 * <pre>{@code
 * <PatternLayout pattern="%d %X{AWSRequestId} APIG: %X{ApiGatewayRequestId} - %printable{%m}%n"/>
 * }</pre>
 *
 * <p><b>Garbage footprint:</b> none. The inner pattern writes into the layout's buffer, which is then escaped in
 * place; a line without such characters is only read once more.
 *
 * @since 0.2.0
 */
@Plugin(name = "printable", category = PatternConverter.CATEGORY)
@ConverterKeys({"printable"})
@PerformanceSensitive("allocation")
public final class PrintableConverter extends LogEventPatternConverter {
    private final PatternFormatter[] formatters;

    private PrintableConverter(List<PatternFormatter> formatters) {
        super("printable", "printable");
        this.formatters = formatters.toArray(new PatternFormatter[0]);
    }

    /**
     * Called by Log4j2 for {@code %printable{pattern}}.
     *
     * @param config the configuration
     * @param options the inner pattern, exactly one
     * @return the converter, or null (Log4j2 then reports the pattern as invalid) without exactly one option
     */
    public static PrintableConverter newInstance(Configuration config, String[] options) {
        if (options == null || options.length != 1 || options[0] == null || options[0].isEmpty()) {
            LOGGER.error("%printable needs exactly one pattern to escape, for example %printable{%m}");
            return null;
        }
        PatternParser parser = PatternLayout.createPatternParser(config);
        return new PrintableConverter(parser.parse(options[0]));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        int start = toAppendTo.length();
        for (PatternFormatter formatter : formatters) {
            formatter.format(event, toAppendTo);
        }
        escape(toAppendTo, start);
    }

    @Override
    public boolean handlesThrowable() {
        for (PatternFormatter formatter : formatters) {
            if (formatter.handlesThrowable()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Escapes, in place, every character of {@code text} from {@code start} on that must not reach a line.
     *
     * @param text the buffer
     * @param start where the part to escape begins
     */
    static void escape(StringBuilder text, int start) {
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
