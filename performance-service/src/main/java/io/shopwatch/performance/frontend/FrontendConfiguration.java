package io.shopwatch.performance.frontend;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveProperties;
import io.shopwatch.performance.cache.CaffeineResultCache;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.cache.redis.RedisCacheConfiguration;
import io.shopwatch.performance.cache.redis.RedisCacheProperties;
import io.shopwatch.performance.invalidation.CacheInvalidator;
import io.shopwatch.performance.invalidation.InvalidationProperties;
import io.shopwatch.performance.invalidation.StoredRecordFeed;
import io.shopwatch.performance.invalidation.StoredRecordListener;
import io.shopwatch.performance.stats.QueryStats;
import io.shopwatch.performance.store.StoreForwarder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Wires the query frontend: the store it forwards to, the cache, the invalidation feed, limits and statistics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({FrontendProperties.class, InvalidationProperties.class, OpenObserveProperties.class})
@Import(RedisCacheConfiguration.class)
public class FrontendConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The results cache: in Redis when {@code shopwatch.performance.redis.url} is set (shared by every instance), else
     * in memory.
     */
    @Bean
    @Primary
    ResultCache resultCache(
            FrontendProperties properties,
            RedisCacheProperties redis,
            ObjectProvider<LettuceConnectionFactory> redisConnection,
            MeterRegistry registry,
            Clock clock) {
        LettuceConnectionFactory connection = redisConnection.getIfAvailable();
        if (connection != null) {
            return RedisCacheConfiguration.cache(
                    connection, redis, properties.cacheTtl(), properties.freshness(), clock, registry);
        }
        CaffeineResultCache cache =
                new CaffeineResultCache(properties.cacheMaxBytes(), properties.cacheTtl(), Ticker.systemTicker());
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

    /**
     * The fresh-result cache: answers whose range reaches into the freshness window, kept {@code fresh-ttl} at most
     * (unused when it is zero), an eighth of the results cache's bound.
     */
    @Bean
    ResultCache freshResultCache(FrontendProperties properties) {
        Duration ttl = properties.freshTtl().isZero() ? Duration.ofMillis(1) : properties.freshTtl();
        return new CaffeineResultCache(Math.max(1, properties.cacheMaxBytes() / 8), ttl, Ticker.systemTicker());
    }

    @Bean
    CacheInvalidator resultCacheInvalidator(ResultCache resultCache) {
        return new CacheInvalidator(resultCache);
    }

    @Bean
    CacheInvalidator freshResultCacheInvalidator(@Qualifier("freshResultCache") ResultCache freshResultCache) {
        return new CacheInvalidator(freshResultCache);
    }

    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.performance.invalidation", name = "enabled", matchIfMissing = true)
    StoredRecordFeed storedRecordFeed(List<StoredRecordListener> listeners, InvalidationProperties properties) {
        return new StoredRecordFeed(listeners, properties.bootstrapServers());
    }

    @Bean
    QueryFrontendHealthIndicator queryFrontendHealthIndicator(
            ObjectProvider<StoredRecordFeed> feed, ResultCache cache, InvalidationProperties invalidation) {
        return new QueryFrontendHealthIndicator(feed.getIfAvailable(), cache, invalidation.trustWithoutFeed());
    }

    /** First of all filters on OpenObserve's read API: when each read arrived ({@link RequestArrival}). */
    @Bean
    FilterRegistrationBean<RequestArrival> requestArrival() {
        FilterRegistrationBean<RequestArrival> registration = new FilterRegistrationBean<>(new RequestArrival());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
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
            @Qualifier("freshResultCache") ResultCache freshResultCache,
            QueryStats stats,
            Clock clock) {
        StoredRecordFeed storedRecords = feed.getIfAvailable();
        BooleanSupplier live = invalidation.trustWithoutFeed()
                ? () -> true
                : storedRecords == null ? () -> false : storedRecords::live;
        return new QueryFrontend(
                new StoreForwarder(store.url(), store.connectTimeout(), store.requestTimeout()),
                cache,
                freshResultCache,
                new OrgConcurrencyLimiter(properties.maxConcurrentPerOrg(), properties.retryAfter()),
                stats,
                store.toSettings().credentials().authorizationHeader(),
                properties,
                clock,
                live);
    }
}
