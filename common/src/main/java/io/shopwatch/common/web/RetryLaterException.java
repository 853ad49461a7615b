package io.shopwatch.common.web;

import java.time.Duration;

/**
 * A refusal that tells the client when to try again: 429 (rate-limited), 423 (locked) or 503 (unavailable).
 * {@link ProblemHandler} answers it with the problem document, a {@code Retry-After} header and the same number as
 * {@code retry_after_seconds} in the body.
 */
public class RetryLaterException extends ShopWatchException {

    private final Duration retryAfter;

    public RetryLaterException(ProblemType type, String detail, Duration retryAfter) {
        this(type, detail, retryAfter, null);
    }

    public RetryLaterException(ProblemType type, String detail, Duration retryAfter, Throwable cause) {
        super(type, detail, cause);
        this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Whole seconds, rounded up, at least 1. A millisecond is forgiven before rounding up, because stored times are
     * rounded to microseconds.
     */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis() - 1;
        return Math.max(1, (millis + 999) / 1000);
    }
}
