package io.github.apigwcorrelation.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code --start}/{@code --end}: {@code 1h ago}, {@code 10m}, {@code 2d ago}, ISO-8601, epoch millis. */
final class TimeSpec {
    private static final Pattern AGO = Pattern.compile(
            "^(\\d+)\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)(\\s+ago)?$");

    private TimeSpec() {
    }

    static long parse(String text, long nowMillis) {
        String t = text.strip();
        Matcher m = AGO.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            char unit = m.group(2).charAt(0);
            long ms = unit == 's' ? 1000L : unit == 'm' ? 60_000L : unit == 'h' ? 3_600_000L
                    : unit == 'd' ? 86_400_000L : 604_800_000L;
            return nowMillis - n * ms;
        }
        if (t.equals("now")) {
            return nowMillis;
        }
        if (t.matches("^\\d{12,}$")) {
            return Long.parseLong(t);
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // fall through to offset / local forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            // No zone given: UTC, the zone CloudWatch shows.
            return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw Options.usage("cannot read the time '" + text + "': use '1h ago', '15m', an ISO-8601 time "
                    + "such as 2026-11-21T19:30:00Z, or epoch milliseconds");
        }
    }

    /** A duration for people: {@code 1 h}, {@code 90 min}, {@code 45 s}, {@code 2 d}, {@code 750 ms}. */
    static String describe(long millis) {
        if (millis % 86_400_000L == 0 && millis > 0) {
            return millis / 86_400_000L + " d";
        }
        if (millis % 3_600_000L == 0 && millis > 0) {
            return millis / 3_600_000L + " h";
        }
        if (millis % 60_000L == 0 && millis > 0) {
            return millis / 60_000L + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
