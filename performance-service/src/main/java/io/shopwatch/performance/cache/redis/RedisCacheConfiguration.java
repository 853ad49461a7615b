package io.shopwatch.performance.cache.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Redis connection of the shared results cache, only when {@code shopwatch.performance.redis.url} ({@code
 * REDIS_URL}) is set. Boot's own Redis auto-configuration is left out (see the application class): without a URL there
 * is no connection at all, and Redis is no health component, because an outage only makes reads pass through.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisCacheProperties.class)
public class RedisCacheConfiguration {

    @Bean
    @Conditional(UrlSet.class)
    LettuceConnectionFactory resultCacheRedisConnectionFactory(RedisCacheProperties properties) {
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(properties.timeout())
                .clientOptions(ClientOptions.builder()
                        // fail at once while disconnected, instead of queueing until the command timeout
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(SocketOptions.builder()
                                .connectTimeout(properties.connectTimeout())
                                .build())
                        .build());
        if (properties.url().startsWith("rediss:")) {
            client.useSsl();
        }
        return new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(properties.url()), client.build());
    }

    /** The cache on a connection, with its metrics. */
    public static RedisResultCache cache(
            RedisConnectionFactory connection,
            RedisCacheProperties properties,
            Duration ttl,
            Duration freshness,
            Clock clock,
            MeterRegistry registry) {
        return cache(connection, properties, ttl, freshness, clock, registry, Ticker.systemTicker());
    }

    /** The same, measuring the retry interval on {@code ticker}. */
    public static RedisResultCache cache(
            RedisConnectionFactory connection,
            RedisCacheProperties properties,
            Duration ttl,
            Duration freshness,
            Clock clock,
            MeterRegistry registry,
            Ticker ticker) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connection);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        RedisResultCache cache = new RedisResultCache(
                template,
                properties.keyPrefix(),
                ttl,
                freshness,
                properties.clockSkew(),
                properties.retryInterval(),
                clock,
                ticker);
        FunctionCounter.builder("shopwatch.performance.cache.redis.errors", cache, RedisResultCache::errors)
                .description("calls to the Redis results cache that failed (each starts a retry interval)")
                .register(registry);
        FunctionCounter.builder("shopwatch.performance.cache.redis.skipped", cache, RedisResultCache::skipped)
                .description("cache reads and writes passed through without Redis because it had just failed")
                .register(registry);
        Gauge.builder("shopwatch.performance.cache.redis.available", cache, c -> c.available() ? 1 : 0)
                .description("1 while the Redis results cache answers, 0 while reads pass through to the store")
                .register(registry);
        Gauge.builder("shopwatch.performance.cache.invalidated", cache, RedisResultCache::invalidatedCount)
                .description("cached answers dropped because a stored record or a stream deletion made them stale")
                .register(registry);
        return cache;
    }

    static final class UrlSet implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("shopwatch.performance.redis.url", "");
            return !url.isBlank();
        }
    }
}
