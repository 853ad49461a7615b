package io.shopwatch.gateway.ratelimit;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client token buckets, the same for every route.
 *
 * @param enabled whether requests are rate limited at all
 * @param capacity requests a client may send in a burst
 * @param refillTokens requests added back to the bucket every {@code refillPeriod}
 * @param refillPeriod period of the refill; whole seconds in Redis mode (rounded up)
 * @param maxClients clients whose buckets are kept in memory (in-memory mode)
 */
@Validated
@ConfigurationProperties("shopwatch.gateway.rate-limit")
public record RateLimitProperties(
        boolean enabled,
        @Positive long capacity,
        @Positive long refillTokens,
        @NotNull Duration refillPeriod,
        @Positive long maxClients) {

    public RateLimitProperties {
        if (refillPeriod != null && (refillPeriod.isNegative() || refillPeriod.isZero())) {
            throw new IllegalArgumentException(
                    "shopwatch.gateway.rate-limit.refill-period must be positive, was " + refillPeriod);
        }
    }

    /** Longest wait until one more request is allowed once the bucket is empty: one token's share of the period. */
    public Duration retryAfter() {
        return refillPeriod.dividedBy(refillTokens);
    }

    /** The refill period in whole seconds, rounded up, at least 1. */
    public long refillPeriodSeconds() {
        return Math.max(1, (refillPeriod.toMillis() + 999) / 1000);
    }
}
