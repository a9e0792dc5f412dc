package io.github.apigwcorrelation.benchmarks;

import org.apache.logging.log4j.ThreadContext;

/**
 * The baseline log line: plain Log4j2 with {@code %X{AWSRequestId}}, as the Java runtime sets that key when
 * {@code aws-lambda-java-log4j2} is present. This class must not touch the library, and benchmarks/run.sh
 * runs it on a class path without it: the library's {@code ContextDataProvider} would otherwise be called
 * on these lines too.
 */
public class PerLinePlainBenchmark extends PerLineBenchmark {
    @Override
    void checkClassPath() {
        requireLibraryAbsent();
    }

    @Override
    String layout() {
        return format == NullSinkLogging.Format.PATTERN ? NullSinkLogging.PLAIN_PATTERN : NullSinkLogging.PLAIN_TEMPLATE;
    }

    @Override
    void installIds() {
        ThreadContext.put("AWSRequestId", BenchContext.LAMBDA_REQUEST_ID);
    }

    @Override
    String[] expectedIds() {
        return new String[] {BenchContext.LAMBDA_REQUEST_ID};
    }
}
