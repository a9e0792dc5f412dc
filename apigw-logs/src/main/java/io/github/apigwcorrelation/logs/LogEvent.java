package io.github.apigwcorrelation.logs;

import java.util.Comparator;

/**
 * One log event from CloudWatch Logs (or one line of a local file).
 *
 * @param source label of the source it came from (function name, {@code execution}, {@code access})
 * @param group log group name ({@code -} for a local file)
 * @param stream log stream name (the file name for a local file)
 * @param timestamp event time, epoch milliseconds
 * @param ingestionTime when CloudWatch Logs received it, epoch milliseconds (0 when unknown)
 * @param eventId CloudWatch Logs event ID (the line number for a local file)
 * @param message the raw message, trailing line break removed
 * @param kind what writes to the group it came from: a line's meaning depends on where it was written
 */
record LogEvent(String source, String group, String stream, long timestamp, long ingestionTime,
                String eventId, String message, Source.Kind kind) {

    /** Merge order: timestamp, then ingestion time, then event ID (numerically when both are numbers), then source. */
    static final Comparator<LogEvent> ORDER = Comparator.comparingLong(LogEvent::timestamp)
            .thenComparingLong(LogEvent::ingestionTime)
            .thenComparing(LogEvent::eventId, LogEvent::compareIds)
            .thenComparing(LogEvent::source)
            .thenComparing(LogEvent::group);

    LogEvent {
        message = stripLineBreak(message == null ? "" : message);
    }

    /** Key that is unique across groups: CloudWatch event IDs are unique within a group only. */
    String key() {
        return group + '\u0000' + eventId;
    }

    /** This line as {@link LineParser} reads it, knowing where it was written. */
    Line line() {
        return LineParser.parse(message, kind);
    }

    /**
     * CloudWatch event IDs are 56-digit decimal strings; emulators use short counters. Comparing digit
     * strings by length first orders both correctly without parsing.
     */
    static int compareIds(String a, String b) {
        if (isDigits(a) && isDigits(b)) {
            String x = a.replaceFirst("^0+(?=.)", "");
            String y = b.replaceFirst("^0+(?=.)", "");
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        return a.compareTo(b);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripLineBreak(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
