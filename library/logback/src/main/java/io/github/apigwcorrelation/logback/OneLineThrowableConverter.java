package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;
import io.github.apigwcorrelation.spi.PrintableText;

/**
 * {@code %oneLineEx}: the event's exception on the same line as its message, as the Log4j2 adapter's pattern prints
 * it: one space, then {@code Type: message | at frame | at frame | Caused by: Type: message | ...}, every piece
 * escaped like {@link PrintableConverter}, so a newline in an exception message can neither end the line nor fake
 * the next one. Nothing at all when the event has no exception. Being a throwable converter, it keeps Logback
 * from appending its own multi-line stack trace to the pattern.
 *
 * <pre>{@code
 * <conversionRule conversionWord="oneLineEx" class="io.github.apigwcorrelation.logback.OneLineThrowableConverter"/>
 * }</pre>
 *
 * @since 0.2.0
 */
public final class OneLineThrowableConverter extends ThrowableHandlingConverter {
    static final String SEPARATOR = " | ";

    /** Called by Logback for {@code %oneLineEx}. */
    public OneLineThrowableConverter() {}

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return CoreConstants.EMPTY_STRING;
        }
        StringBuilder line = new StringBuilder(2048);
        append(line, " ", thrown, 0);
        return line.toString();
    }

    private static void append(StringBuilder line, String prefix, IThrowableProxy thrown, int depth) {
        line.append(prefix);
        if (thrown.isCyclic()) {
            line.append("[CIRCULAR REFERENCE: ");
            escaped(line, thrown.getClassName() + ": " + thrown.getMessage());
            line.append(']');
            return;
        }
        escaped(line, thrown.getMessage() == null ? thrown.getClassName()
                : thrown.getClassName() + ": " + thrown.getMessage());
        StackTraceElementProxy[] frames = thrown.getStackTraceElementProxyArray();
        int common = thrown.getCommonFrames();
        int shown = frames == null ? 0 : Math.max(0, frames.length - (common < frames.length ? common : 0));
        for (int i = 0; i < shown; i++) {
            line.append(SEPARATOR);
            escaped(line, frames[i].getSTEAsString());
        }
        if (common > 0 && frames != null && common < frames.length) {
            line.append(SEPARATOR).append("... ").append(common).append(" common frames omitted");
        }
        if (depth > 50) {
            return; // a chain this deep is a cycle the proxy did not mark; stop rather than overflow
        }
        IThrowableProxy[] suppressed = thrown.getSuppressed();
        if (suppressed != null) {
            for (IThrowableProxy one : suppressed) {
                append(line, SEPARATOR + "Suppressed: ", one, depth + 1);
            }
        }
        if (thrown.getCause() != null) {
            append(line, SEPARATOR + "Caused by: ", thrown.getCause(), depth + 1);
        }
    }

    private static void escaped(StringBuilder line, String text) {
        int start = line.length();
        line.append(text);
        PrintableText.escape(line, start);
    }
}
