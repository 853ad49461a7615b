package io.shopwatch.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.caffeine.CaffeineProxyManager;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.shopwatch.gateway.problem.ProblemResponses;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Rate limits per client on every route. In memory by default: the {@link AsyncProxyManager} bean makes Spring Cloud
 * Gateway build its Bucket4j rate limiter, configured by the {@code bucket4j-rate-limiter.*} arguments of the
 * {@code RateLimit} default filter. With {@code REDIS_URL} set, Spring Cloud Gateway's Redis rate limiter instead,
 * so that all replicas share the buckets.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    @Bean
    KeyResolver clientKeyResolver() {
        return new ClientKeyResolver();
    }

    @Bean
    RateLimitGatewayFilterFactory rateLimitGatewayFilterFactory(
            RateLimiter<?> limiter, KeyResolver keys, ProblemResponses problems, RateLimitProperties properties) {
        return new RateLimitGatewayFilterFactory(limiter, keys, problems, properties);
    }

    @Bean
    @Conditional(RedisMode.Off.class)
    AsyncProxyManager<String> rateLimitBuckets(RateLimitProperties properties) {
        // Buckets are dropped once full again and unused for a minute, and there are never more than maxClients.
        return new CaffeineProxyManager<String>(
                        Caffeine.newBuilder().maximumSize(properties.maxClients()), Duration.ofMinutes(1))
                .asAsync();
    }

    @Bean
    @Conditional(RedisMode.On.class)
    RedisRateLimiter redisRateLimiter(RateLimitProperties properties) {
        RedisLimits limits = RedisLimits.of(properties);
        return new RedisRateLimiter(limits.replenishRate(), limits.burstCapacity(), limits.requestedTokens());
    }

    /**
     * The Redis rate limiter counts tokens per second. A bucket of {@code capacity} refilled by {@code refillTokens}
     * every {@code period} seconds becomes: {@code refillTokens} tokens per second, each request costing
     * {@code period} tokens, with room for {@code capacity} requests.
     */
    record RedisLimits(int replenishRate, long burstCapacity, int requestedTokens) {

        static RedisLimits of(RateLimitProperties properties) {
            long period = properties.refillPeriodSeconds();
            return new RedisLimits(
                    Math.toIntExact(properties.refillTokens()),
                    Math.multiplyExact(properties.capacity(), period),
                    Math.toIntExact(period));
        }
    }
}
