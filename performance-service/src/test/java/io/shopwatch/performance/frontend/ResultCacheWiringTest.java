package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.performance.cache.CaffeineResultCache;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.cache.redis.RedisResultCache;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Which results cache the service builds: in memory without {@code REDIS_URL}, in Redis with it. */
class ResultCacheWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(FrontendConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("shopwatch.performance.invalidation.enabled=false");

    @Test
    void withoutARedisUrl_theCacheIsInMemory_andNoRedisConnectionExists() {
        runner.withPropertyValues("shopwatch.performance.redis.url=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("resultCache", ResultCache.class)).isInstanceOf(CaffeineResultCache.class);
            assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
        });
    }

    @Test
    void withARedisUrl_theCacheIsInRedis_andAnUnreachableRedisStillStartsTheService() {
        // nothing listens on port 1: the service starts all the same, and reads would pass through
        runner.withPropertyValues("shopwatch.performance.redis.url=redis://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ResultCache cache = context.getBean("resultCache", ResultCache.class);
                    assertThat(cache).isInstanceOf(RedisResultCache.class);
                    assertThat(cache.get("anything")).isEmpty();
                    assertThat(((RedisResultCache) cache).errors()).isEqualTo(1);
                    assertThat(context.getBean(QueryFrontendHealthIndicator.class)
                                    .health()
                                    .getDetails())
                            .containsEntry("cache", "redis, unreachable: reads pass through");
                });
    }
}
