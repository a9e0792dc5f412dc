package io.github.apigwcorrelation.log4j2;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.lookup.StrLookup;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * {@code ${lambda:logFormat}}: the function's log format as {@code LambdaAppender} expects it, {@code TEXT} or
 * {@code JSON}, from {@code AWS_LAMBDA_LOG_FORMAT} (which Lambda sets from {@code LoggingConfig.LogFormat}).
 *
 * <p>{@code ${env:AWS_LAMBDA_LOG_FORMAT:-TEXT}} gives an empty string for a variable that is set but empty, and
 * Log4j2 then prints a 40-line stack trace for each appender before falling back to Text. Here an unset or
 * empty variable means Text, any case of {@code Text} or {@code JSON} is accepted, and anything else means Text
 * with one status line that names the variable and the fix.
 */
@Plugin(name = "lambda", category = StrLookup.CATEGORY)
public final class LambdaLogFormatLookup implements StrLookup {
    static final String VARIABLE = "AWS_LAMBDA_LOG_FORMAT";
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    @Override
    public String lookup(String key) {
        return "logFormat".equals(key) ? logFormat(System.getenv(VARIABLE)) : null;
    }

    @Override
    public String lookup(LogEvent event, String key) {
        return lookup(key);
    }

    /**
     * @param value the variable's value, or null when it is not set
     * @return {@code JSON} or {@code TEXT}
     */
    static String logFormat(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("text")) {
            return "TEXT";
        }
        if (trimmed.equalsIgnoreCase("json")) {
            return "JSON";
        }
        if (WARNED.compareAndSet(false, true)) {
            StatusLogger.getLogger().warn("{} is '{}', which is neither Text nor JSON: logging Text. Set the "
                    + "function's LoggingConfig.LogFormat to Text or JSON.", VARIABLE, printable(trimmed));
        }
        return "TEXT";
    }

    /** The value is the user's own, but it goes to a log: no control character, at most 40 characters. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(40).forEach(c -> out.append(c < 0x20 || c >= 0x7f && c <= 0x9f
                ? String.format(Locale.ROOT, "\\u%04x", c) : new String(Character.toChars(c))));
        return value.codePointCount(0, value.length()) > 40 ? out + "..." : out.toString();
    }
}
