package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;

/**
 * The invocation the "ours" per-line contenders of both backends log inside: the REST proxy event, the bench's
 * Lambda context, no invocation line. Its own class, so that the plain contenders, which run without the library,
 * never load one that names it.
 */
final class OursInvocation {
    /** The IDs each of its lines carries: the Lambda request ID and the API Gateway request ID. */
    static final String[] IDS = {BenchContext.LAMBDA_REQUEST_ID, Events.REST_REQUEST_ID};

    private OursInvocation() {}

    /** @return the open invocation's scope; close it on the same thread */
    static CorrelationScope open() {
        return Correlation.builder().logInvocationLine(false).build().open(Events.restProxy(), new BenchContext());
    }
}
