package io.shopwatch.performance.frontend;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveProperties;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.invalidation.InvalidationProperties;
import io.shopwatch.performance.invalidation.StoredRecordFeed;
import io.shopwatch.performance.stats.QueryStats;
import io.shopwatch.performance.store.StoreForwarder;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the query frontend: the store it forwards to, the cache, the invalidation feed, limits and statistics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({FrontendProperties.class, InvalidationProperties.class, OpenObserveProperties.class})
public class FrontendConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ResultCache resultCache(FrontendProperties properties, MeterRegistry registry) {
        ResultCache cache = new ResultCache(properties.cacheMaxBytes(), properties.cacheTtl(), Ticker.systemTicker());
        Gauge.builder("shopwatch.performance.cache.bytes", cache, ResultCache::weightedBytes)
                .description("bytes held by the results cache")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("shopwatch.performance.cache.entries", cache, ResultCache::size)
                .description("answers held by the results cache")
                .register(registry);
        Gauge.builder("shopwatch.performance.cache.invalidated", cache, ResultCache::invalidatedCount)
                .description("cached answers dropped because a stored record or a stream deletion made them stale")
                .register(registry);
        return cache;
    }

    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.performance.invalidation", name = "enabled", matchIfMissing = true)
    StoredRecordFeed storedRecordFeed(ResultCache cache, InvalidationProperties properties) {
        return new StoredRecordFeed(cache, properties.bootstrapServers());
    }

    @Bean
    QueryFrontendHealthIndicator queryFrontendHealthIndicator(
            ObjectProvider<StoredRecordFeed> feed, ResultCache cache, InvalidationProperties invalidation) {
        return new QueryFrontendHealthIndicator(feed.getIfAvailable(), cache, invalidation.trustWithoutFeed());
    }

    @Bean
    QueryStats queryStats(FrontendProperties properties, MeterRegistry registry, Clock clock) {
        return new QueryStats(registry, properties.slowestKept(), clock);
    }

    @Bean
    QueryFrontend queryFrontend(
            FrontendProperties properties,
            OpenObserveProperties store,
            InvalidationProperties invalidation,
            ObjectProvider<StoredRecordFeed> feed,
            ResultCache cache,
            QueryStats stats,
            Clock clock) {
        StoredRecordFeed storedRecords = feed.getIfAvailable();
        BooleanSupplier live = invalidation.trustWithoutFeed()
                ? () -> true
                : storedRecords == null ? () -> false : storedRecords::live;
        return new QueryFrontend(
                new StoreForwarder(store.url(), store.connectTimeout(), store.requestTimeout()),
                cache,
                new OrgConcurrencyLimiter(properties.maxConcurrentPerOrg(), properties.retryAfter()),
                stats,
                store.toSettings().credentials().authorizationHeader(),
                properties,
                clock,
                live);
    }
}
