package io.shopwatch.common.openobserve;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries with exponential backoff and full jitter. Only 5xx answers (503 included) and connection errors are
 * retried; 4xx answers and request timeouts never are (a timed-out request may still be running on the server).
 *
 * @param maxAttempts total attempts including the first one (1 = no retry)
 * @param initialBackoff the upper bound of the first pause
 * @param maxBackoff the upper bound of any pause, also of a server's {@code Retry-After}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
    }

    /** Three attempts, 200 ms then 400 ms (each with jitter), never more than 5 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** One attempt only. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** Whether an HTTP status is worth another attempt. */
    public static boolean retryableStatus(int status) {
        return status >= 500 && status <= 599;
    }

    /**
     * The pause before attempt {@code attempt + 1} (attempt counts from 1): a random value up to
     * {@code initialBackoff * 2^(attempt-1)}, capped at {@code maxBackoff}; at least {@code retryAfter} when the
     * server asked for it (also capped).
     */
    public Duration backoff(int attempt, Duration retryAfter) {
        long cap = maxBackoff.toMillis();
        long exp = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long bound = Math.min(cap, Math.max(exp, 0));
        long pause = bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
        if (retryAfter != null) {
            pause = Math.max(pause, Math.min(retryAfter.toMillis(), cap));
        }
        return Duration.ofMillis(pause);
    }
}
