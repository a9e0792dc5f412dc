package io.github.apigwcorrelation.logs;

/** An error meant for the user: its message is printed as is, and the tool exits with its code. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit codes: usage 2, nothing found 3, permission denied 4, credentials or region missing 5, other 1. */
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }
}
