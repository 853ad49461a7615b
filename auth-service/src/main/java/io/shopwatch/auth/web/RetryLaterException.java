package io.shopwatch.auth.web;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.time.Duration;

/** A 429 or 423 answer that tells the client when to try again ({@code Retry-After}). */
public class RetryLaterException extends ShopWatchException {

    private final Duration retryAfter;

    public RetryLaterException(ProblemType type, String detail, Duration retryAfter) {
        super(type, detail);
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
