package io.github.apigwcorrelation.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.MDC;

/**
 * The baseline Logback line: {@code %X{AWSRequestId}} from the MDC, which a Logback function fills itself today
 * ({@code MDC.put("AWSRequestId", context.getAwsRequestId())}: the Java runtime fills only Log4j2's
 * {@code ThreadContext}), with Logback's own converters; JSON: the library's encoder, which prints every MDC entry.
 * No invocation is opened, so the library's adapter never loads (checked before and after the measurement).
 */
public class PerLineLogbackPlainBenchmark extends PerLineLogbackBenchmark {
    @Override
    String pattern() {
        return LogbackSinkLogging.PLAIN_PATTERN;
    }

    @Override
    void installIds() {
        MDC.put("AWSRequestId", BenchContext.LAMBDA_REQUEST_ID);
    }

    @Override
    void removeIds() {
        MDC.remove("AWSRequestId");
    }

    @Override
    String[] expectedIds() {
        return new String[] {BenchContext.LAMBDA_REQUEST_ID};
    }

    @Override
    void checkLibrary(LoggerContext context) {
        LogbackSinkLogging.requireLibraryInert(context);
    }
}
