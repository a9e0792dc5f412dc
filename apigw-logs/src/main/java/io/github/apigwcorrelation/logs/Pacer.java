package io.github.apigwcorrelation.logs;

import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Keeps calls to one API under a request rate and retries throttled or transiently failed calls with
 * exponential back-off. CloudWatch Logs allows 5 {@code FilterLogEvents} per second per account and
 * region by default, shared with every other tool of the account, so this is the only place those
 * calls go through. Clock and sleep are injectable so tests run instantly and can read the delays.
 */
final class Pacer {
    /** Sleeps; {@link Thread#sleep(long)} in production. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final Set<String> THROTTLING_CODES = Set.of("ThrottlingException", "Throttling",
            "LimitExceededException", "TooManyRequestsException", "RequestLimitExceeded");

    private final long intervalMillis;
    private final int maxAttempts;
    private final long baseDelayMillis;
    private final long maxDelayMillis;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextSlot;
    private int throttled;

    Pacer(double callsPerSecond, int maxAttempts, long baseDelayMillis, long maxDelayMillis,
          LongSupplier clock, Sleeper sleeper) {
        this.intervalMillis = (long) Math.ceil(1000.0 / callsPerSecond);
        this.maxAttempts = maxAttempts;
        this.baseDelayMillis = baseDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** How many throttled or failed attempts were retried so far. */
    synchronized int retries() {
        return throttled;
    }

    /**
     * Runs {@code call} when the rate allows, retrying throttling, 5xx and I/O errors.
     *
     * @param what the operation and resource, for the message when it gives up
     */
    <T> T call(String what, Supplier<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            awaitSlot();
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (!(isThrottling(e) || e.statusCode() >= 500) || attempt >= maxAttempts) {
                    if (attempt >= maxAttempts && (isThrottling(e) || e.statusCode() >= 500)) {
                        throw new CliException(1, what + ": still throttled or failing after " + attempt
                                + " attempts (" + e.awsErrorDetails().errorCode() + "); try again later or lower --max-rps", e);
                    }
                    throw e;
                }
                backOff(attempt);
            } catch (SdkClientException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    static boolean isThrottling(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() == 429 || (e.awsErrorDetails() != null
                && THROTTLING_CODES.contains(e.awsErrorDetails().errorCode()));
    }

    /** Exponential back-off without jitter: one client, and the rate limit already spreads calls. */
    long delayFor(int attempt) {
        long d = baseDelayMillis << Math.min(attempt - 1, 20);
        return Math.min(d, maxDelayMillis);
    }

    private void backOff(int attempt) throws InterruptedException {
        long delay = delayFor(attempt);
        synchronized (this) {
            throttled++;
            // Everyone waits: a throttle is account-wide, so the next call should not go out early either.
            nextSlot = Math.max(nextSlot, clock.getAsLong() + delay);
        }
    }

    private void awaitSlot() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalMillis;
            wait = slot - now;
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
