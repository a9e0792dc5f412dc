package io.github.apigwcorrelation.localapi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The lines Lambda itself writes around an invocation ({@code START}, {@code END}, {@code REPORT}, a timeout), in
 * the function's log format: text, or JSON {@code platform.*} records. Every line the local API prints goes through
 * {@link #print}, so nothing a function writes can put a control character on the terminal.
 */
final class PlatformLog {
    /** Lambda's text timestamps: {@code 2026-11-21T20:19:07.671Z}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PlatformLog() {}

    /**
     * How an invocation ended, for its REPORT.
     *
     * @param status null when it succeeded or the function threw; else {@code timeout} or {@code error}
     * @param errorType the Lambda error type of a timeout or crash, or null
     */
    record Outcome(String status, String errorType) {
        static final Outcome OK = new Outcome(null, null);
    }

    static void start(boolean json, String requestId) {
        if (json) {
            print("{\"time\":\"" + Instant.now() + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                    + requestId + "\",\"version\":\"$LATEST\"}}");
        } else {
            print("START RequestId: " + requestId + " Version: $LATEST");
        }
    }

    /** What Lambda prints when the function outlives its Timeout (the JSON format has only the report's status). */
    static void timedOut(boolean json, String requestId, String message) {
        if (!json) {
            print(message);
        }
    }

    /** The text Lambda gives a timed-out invocation, in its log and as the error message. */
    static String timeoutMessage(String requestId, int timeoutSeconds) {
        return TIME.format(Instant.now()) + " " + requestId
                + String.format(Locale.ROOT, " Task timed out after %.2f seconds", (double) timeoutSeconds);
    }

    static void end(boolean json, String requestId, int memoryMb, double durationMs, double initMs, long maxMemoryMb,
            Outcome outcome) {
        long billed = (long) Math.ceil(durationMs);
        if (json) {
            String init = initMs > 0 ? String.format(Locale.ROOT, ",\"initDurationMs\":%.3f", initMs) : "";
            String error = outcome.errorType() == null ? "" : ",\"errorType\":\"" + outcome.errorType() + "\"";
            print(String.format(Locale.ROOT, "{\"time\":\"%s\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"%s\","
                    + "\"metrics\":{\"durationMs\":%.3f,\"billedDurationMs\":%d,\"memorySizeMB\":%d,\"maxMemoryUsedMB\":%d%s},"
                    + "\"status\":\"%s\"%s}}", Instant.now(), requestId, durationMs, billed, memoryMb, maxMemoryMb, init,
                    outcome.status() == null ? "success" : outcome.status(), error));
        } else {
            print("END RequestId: " + requestId);
            String init = initMs > 0 ? String.format(Locale.ROOT, "Init Duration: %.2f ms\t", initMs) : "";
            String status = outcome.status() == null ? "" : "Status: " + outcome.status() + "\t"
                    + (outcome.errorType() == null ? "" : "Error Type: " + outcome.errorType() + "\t");
            print(String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
                    + "Memory Size: %d MB\tMax Memory Used: %d MB\t%s%s", requestId, durationMs, billed, memoryMb,
                    maxMemoryMb, init, status));
        }
    }

    /** An execution environment whose init failed (the runtime reported an init error, or exited). */
    static void initFailed(boolean json, double initMs, String errorType) {
        if (json) {
            print(String.format(Locale.ROOT, "{\"time\":\"%s\",\"type\":\"platform.initReport\",\"record\":{"
                    + "\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":\"error\",\"errorType\":\"%s\","
                    + "\"metrics\":{\"durationMs\":%.3f}}}", Instant.now(), errorType, initMs));
        } else {
            print(String.format(Locale.ROOT, "INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: error\tError Type: %s",
                    initMs, errorType));
        }
    }

    /** Prints one line: control characters (but TAB), DEL, C1 and line/paragraph separators as escapes. */
    static void print(String line) {
        System.out.println(escape(line));
        System.out.flush();
    }

    static String escape(String line) {
        StringBuilder out = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(line.length() + 16).append(line, 0, i);
            }
            if (out != null) {
                if (control) {
                    out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? line : out.toString();
    }
}
