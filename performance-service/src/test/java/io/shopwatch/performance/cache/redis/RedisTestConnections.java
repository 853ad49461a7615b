package io.shopwatch.performance.cache.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Redis connections built as the service builds them, closed together. */
public final class RedisTestConnections implements AutoCloseable {

    private final List<LettuceConnectionFactory> connections = new ArrayList<>();

    public LettuceConnectionFactory connection(RedisCacheProperties properties) {
        LettuceConnectionFactory connection =
                new RedisCacheConfiguration().resultCacheRedisConnectionFactory(properties);
        connection.afterPropertiesSet();
        connection.start();
        connections.add(connection);
        return connection;
    }

    /** A results cache on a connection of its own, as one frontend instance has (cache TTL 1 h, freshness 5 min). */
    public RedisResultCache cache(RedisCacheProperties properties, Clock clock, MeterRegistry registry) {
        return cache(properties, clock, registry, Ticker.systemTicker());
    }

    public RedisResultCache cache(RedisCacheProperties properties, Clock clock, MeterRegistry registry, Ticker ticker) {
        return RedisCacheConfiguration.cache(
                connection(properties),
                properties,
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                clock,
                registry,
                ticker);
    }

    @Override
    public void close() {
        connections.forEach(LettuceConnectionFactory::destroy);
        connections.clear();
    }
}
