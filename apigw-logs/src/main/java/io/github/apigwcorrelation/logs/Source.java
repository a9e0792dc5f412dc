package io.github.apigwcorrelation.logs;

/**
 * A log group to read and how to label its lines.
 *
 * @param label short name shown on every line (function name, {@code execution}, {@code access})
 * @param group the CloudWatch Logs group name
 * @param kind what writes to it
 */
record Source(String label, String group, Kind kind) {

    /** What writes to a log group. */
    enum Kind {
        /** REST API execution log ({@code API-Gateway-Execution-Logs_<api>/<stage>}). */
        EXECUTION,
        /** The stage's access log destination. */
        ACCESS,
        /** A Lambda function (its {@code LoggingConfig.LogGroup} or {@code /aws/lambda/<name>}). */
        LAMBDA,
        /** What a local run printed ({@code local}): Lambda's platform lines and the function's own output. */
        LOCAL
    }

    String missingHint() {
        switch (kind) {
            case EXECUTION:
                return "is execution logging (MethodSettings LoggingLevel INFO or ERROR) on for this stage, "
                        + "and has a request been made since?";
            case ACCESS:
                return "has a request been made since access logging was set up?";
            default:
                return "has the function run yet?";
        }
    }
}
