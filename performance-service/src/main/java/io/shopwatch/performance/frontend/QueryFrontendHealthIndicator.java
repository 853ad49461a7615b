package io.shopwatch.performance.frontend;

import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.invalidation.StoredRecordFeed;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The frontend's state: whether the invalidation feed is connected (without it nothing is cached, but every read is
 * still served, so the frontend stays UP), and what the cache holds (-1: unknown, the cache is shared in Redis; an
 * unreachable Redis also leaves the frontend UP: reads pass through).
 */
public final class QueryFrontendHealthIndicator implements HealthIndicator {

    private final StoredRecordFeed feed;
    private final ResultCache cache;
    private final boolean trustWithoutFeed;

    public QueryFrontendHealthIndicator(StoredRecordFeed feed, ResultCache cache, boolean trustWithoutFeed) {
        this.feed = feed;
        this.cache = cache;
        this.trustWithoutFeed = trustWithoutFeed;
    }

    @Override
    public Health health() {
        String invalidation;
        if (feed == null) {
            invalidation = trustWithoutFeed ? "off (caching without it)" : "off (nothing is cached)";
        } else if (feed.live()) {
            invalidation = "live";
        } else {
            invalidation =
                    trustWithoutFeed ? "connecting (caching anyway)" : "connecting (nothing is cached meanwhile)";
        }
        return Health.up()
                .withDetail("invalidationFeed", invalidation)
                .withDetail("cache", cache.describe())
                .withDetail("cacheEntries", cache.size())
                .withDetail("cacheBytes", cache.weightedBytes())
                .withDetail("unreadableStoredRecords", feed == null ? 0 : feed.unreadableRecords())
                .build();
    }
}
