package io.github.apigwcorrelation.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.MDC;

/**
 * A diagnostic between the two Logback lines: Logback printing exactly what the library's line prints (the shipped
 * pattern, the same JSON encoder), with the entries the library would add put in the MDC by hand and no invocation
 * opened. Ours minus this is what the library's mechanism costs (its MDC adapter); this minus the plain line is the
 * cost of the longer, escaped line.
 */
public class PerLineLogbackPlainBothIdsBenchmark extends PerLineLogbackBenchmark {
    @Override
    String pattern() {
        return LogbackSinkLogging.OURS_PATTERN;
    }

    @Override
    void installIds() {
        for (String[] entry : Events.REST_CONTEXT_ENTRIES) {
            MDC.put(entry[0], entry[1]);
        }
    }

    @Override
    void removeIds() {
        for (String[] entry : Events.REST_CONTEXT_ENTRIES) {
            MDC.remove(entry[0]);
        }
    }

    @Override
    String[] expectedIds() {
        return new String[] {BenchContext.LAMBDA_REQUEST_ID, Events.REST_REQUEST_ID};
    }

    @Override
    void checkLibrary(LoggerContext context) {
        LogbackSinkLogging.requireLibraryInert(context);
    }
}
