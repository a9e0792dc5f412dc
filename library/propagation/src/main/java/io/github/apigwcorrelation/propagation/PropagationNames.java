package io.github.apigwcorrelation.propagation;

import io.github.apigwcorrelation.Correlation;

/**
 * Where the chain request ID travels: the names the outgoing interceptors write and a consumer reads.
 *
 * @since 0.2.0
 */
public final class PropagationNames {
    /** The SQS and SNS message attribute (data type {@code String}), which the core reads on the other side. */
    public static final String MESSAGE_ATTRIBUTE = Correlation.ORIGIN_ATTRIBUTE;
    /** The entry of the Lambda client context's {@code custom} map. */
    public static final String CLIENT_CONTEXT_KEY = Correlation.ORIGIN_ATTRIBUTE;
    /** The default HTTP header; each HTTP interceptor can be given another. */
    public static final String DEFAULT_HTTP_HEADER = Correlation.ORIGIN_HEADER;

    private PropagationNames() {}
}
