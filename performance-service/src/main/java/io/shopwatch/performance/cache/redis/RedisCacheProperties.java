package io.shopwatch.performance.cache.redis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the shared results cache ({@code shopwatch.performance.redis.*}).
 *
 * @param url {@code redis://[user:password@]host:port[/database]} (or {@code rediss://} for TLS); empty keeps the
 *     results cache in memory
 * @param keyPrefix put before every key, so that one Redis can serve several deployments
 * @param timeout command timeout; a slower call counts as an outage
 * @param connectTimeout TCP connect timeout
 * @param retryInterval after a failed call, Redis is left alone (reads pass through to the store) this long
 * @param clockSkew how far the clocks of the instances sharing the cache may differ
 */
@ConfigurationProperties("shopwatch.performance.redis")
public record RedisCacheProperties(
        @DefaultValue("") String url,
        @DefaultValue("shopwatch:performance:") String keyPrefix,
        @DefaultValue("500ms") Duration timeout,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration retryInterval,
        @DefaultValue("30s") Duration clockSkew) {

    public RedisCacheProperties {
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new IllegalArgumentException("shopwatch.performance.redis.key-prefix must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "shopwatch.performance.redis.timeout and connect-timeout must be positive");
        }
        if (retryInterval.isNegative() || clockSkew.isNegative()) {
            throw new IllegalArgumentException(
                    "shopwatch.performance.redis.retry-interval and clock-skew must not be negative");
        }
    }

    public boolean enabled() {
        return url != null && !url.isBlank();
    }
}
