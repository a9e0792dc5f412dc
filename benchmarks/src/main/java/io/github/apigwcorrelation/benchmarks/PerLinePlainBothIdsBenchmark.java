package io.github.apigwcorrelation.benchmarks;

import org.apache.logging.log4j.ThreadContext;

/**
 * A diagnostic between the two lines: plain Log4j2 printing exactly what the library's line prints (both IDs,
 * the same pattern and template), with the entries the library installs put in the {@code ThreadContext} by hand
 * ({@link Events#REST_CONTEXT_ENTRIES}) and no library on the class path. Ours minus this is what the library's
 * mechanism costs (its {@code ContextDataInjector}); this minus the plain line is the cost of printing the longer
 * line.
 */
public class PerLinePlainBothIdsBenchmark extends PerLineBenchmark {
    @Override
    void checkClassPath() {
        requireLibraryAbsent();
    }

    @Override
    String layout() {
        return format == NullSinkLogging.Format.PATTERN ? NullSinkLogging.BOTH_IDS_PATTERN
                : NullSinkLogging.PLAIN_TEMPLATE;
    }

    @Override
    void installIds() {
        for (String[] entry : Events.REST_CONTEXT_ENTRIES) {
            ThreadContext.put(entry[0], entry[1]);
        }
    }

    @Override
    String[] expectedIds() {
        return new String[] {BenchContext.LAMBDA_REQUEST_ID, Events.REST_REQUEST_ID};
    }
}
