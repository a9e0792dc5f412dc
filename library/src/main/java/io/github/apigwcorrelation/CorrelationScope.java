package io.github.apigwcorrelation;

/**
 * The IDs of one invocation installed on the current thread, from {@link Correlation#open(Object,
 * com.amazonaws.services.lambda.runtime.Context)}. Closing restores exactly what the thread had before
 * (scopes nest); it never throws, is idempotent, and does nothing on a thread other than the opening one.
 *
 * @since 0.1.0
 */
public interface CorrelationScope extends AutoCloseable {
    /** @return the IDs this scope installed */
    RequestIds ids();

    /** Restores the previous IDs of this thread. */
    @Override
    void close();
}
