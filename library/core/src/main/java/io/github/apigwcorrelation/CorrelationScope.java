package io.github.apigwcorrelation;

/**
 * The IDs of one invocation installed on the current thread, from {@link Correlation#open(Object,
 * com.amazonaws.services.lambda.runtime.Context)}. Closing restores exactly what the thread had before
 * (scopes nest, and a scope closed out of order is skipped); it never throws and is idempotent. Close it on
 * the thread that opened it: a close on another thread cannot touch the opener's thread state, so it only
 * marks the scope closed (the opener's next scope to close skips it) and logs a WARN.
 *
 * @since 0.1.0
 */
public interface CorrelationScope extends AutoCloseable {
    /** @return the IDs this scope installed */
    RequestIds ids();

    /**
     * Restores the previous IDs of this thread. When no other invocation is in flight in the JVM, it also waits
     * until Log4j2's async loggers (if configured) have written every line already logged, because Lambda may
     * freeze the process once the handler returns; the wait is given up after 1 s without progress.
     */
    @Override
    void close();
}
