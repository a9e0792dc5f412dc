package io.github.apigwcorrelation.localapi;

import java.time.Instant;
import java.util.Locale;

/**
 * The lines Lambda itself writes around an invocation ({@code START}, {@code END}, {@code REPORT}), in
 * the function's log format: text, or JSON {@code platform.start} / {@code platform.report} records.
 */
final class PlatformLog {
    private PlatformLog() {}

    private static boolean json(FunctionDef function) {
        String env = System.getenv("AWS_LAMBDA_LOG_FORMAT");
        String format = env != null ? env : function.logFormat();
        return "JSON".equalsIgnoreCase(format);
    }

    static void start(FunctionDef function, String requestId) {
        if (json(function)) {
            print("{\"time\":\"" + Instant.now() + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                    + requestId + "\",\"version\":\"$LATEST\"}}");
        } else {
            print("START RequestId: " + requestId + " Version: $LATEST");
        }
    }

    static void end(FunctionDef function, String requestId, long durationNanos, long initNanos, boolean failed) {
        double durationMs = durationNanos / 1e6;
        long billed = (long) Math.ceil(durationMs);
        Runtime runtime = Runtime.getRuntime();
        long usedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
        if (json(function)) {
            String init = initNanos > 0 ? String.format(Locale.ROOT, ",\"initDurationMs\":%.3f", initNanos / 1e6) : "";
            print(String.format(Locale.ROOT, "{\"time\":\"%s\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"%s\","
                    + "\"metrics\":{\"durationMs\":%.3f,\"billedDurationMs\":%d,\"memorySizeMB\":%d,\"maxMemoryUsedMB\":%d%s},"
                    + "\"status\":\"%s\"}}", Instant.now(), requestId, durationMs, billed, function.memoryMb(), usedMb, init,
                    failed ? "error" : "success"));
        } else {
            print("END RequestId: " + requestId);
            String init = initNanos > 0 ? String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initNanos / 1e6) : "";
            print(String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
                    + "Memory Size: %d MB\tMax Memory Used: %d MB%s\t", requestId, durationMs, billed, function.memoryMb(),
                    usedMb, init));
        }
    }

    /** The runtime prints an unhandled exception before it reports the invocation. */
    static void error(Throwable failure) {
        failure.printStackTrace(System.out);
        System.out.flush();
    }

    private static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
