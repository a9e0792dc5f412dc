package io.github.apigwcorrelation.benchmarks.coldstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens the harness's package-private steps to the fixture checks. */
public final class ColdStartHarnessAccess {
    private ColdStartHarnessAccess() {}

    /**
     * Runs one cold start of every contender of one backend (each fails loudly on a wrong line) and returns their
     * labels.
     *
     * @param logback the Logback contenders, else the Log4j2 ones
     */
    public static List<String> runEachOnce(Path classes, Path classpaths, boolean logback) throws Exception {
        List<String> labels = new ArrayList<>();
        for (ColdStartHarness.Contender contender : ColdStartHarness.contenders()) {
            if ((contender.backend() == ColdStartHarness.Backend.LOGBACK) != logback) {
                continue;
            }
            ColdStartHarness.runOnce(contender, classes, classpaths);
            labels.add(contender.label());
        }
        return labels;
    }

    /** @return the harness's verdict on these output lines of the "ours" text contender, null when they pass */
    public static String checkOurs(List<String> lines) {
        return ColdStartHarness.check(ColdStartHarness.contenders().get(1), 0, ColdStartMain.MARKER + " total_ms=1",
                lines, "");
    }
}
