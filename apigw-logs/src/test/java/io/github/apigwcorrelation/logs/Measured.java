package io.github.apigwcorrelation.logs;

/**
 * Figures a test can report. A green build prints nothing no test asserts on, so they print only when
 * asked for: {@code -Dapigw-logs.measure=true} on the Maven command line.
 */
final class Measured {
    private Measured() {
    }

    static void report(String figures) {
        if (Boolean.getBoolean("apigw-logs.measure")) {
            System.out.println("MEASURED " + figures);
        }
    }
}
