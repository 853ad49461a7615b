package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/** With REDIS_URL set (here as a command-line argument, which the configuration reads like the environment), rate limits go through Spring Cloud Gateway's Redis rate limiter instead of memory. */
class RedisModeTest {

    @Test
    void withRedisUrl_theRedisRateLimiterIsUsed() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayServiceApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run("--server.port=0", "--REDIS_URL=redis://127.0.0.1:1", "--LOG_FORMAT=")) {
            assertThat(context.getBean(RateLimiter.class)).isInstanceOf(RedisRateLimiter.class);
            assertThat(context.getBeanNamesForType(AsyncProxyManager.class)).isEmpty();
            assertThat(context.getBeanNamesForType(ReactiveRedisConnectionFactory.class))
                    .hasSize(1);
        }
    }
}
