package io.shopwatch.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RedisAutoConfigurationFilterTest {

    private static final String[] CANDIDATES = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
        "org.springframework.cloud.gateway.config.GatewayAutoConfiguration",
        null
    };

    @Test
    void withoutRedisUrl_leavesOutRedisAutoConfiguration() {
        assertThat(filter(new MockEnvironment().withProperty(RedisMode.URL_PROPERTY, "")))
                .containsExactly(false, false, true, true);
        assertThat(filter(new MockEnvironment())).containsExactly(false, false, true, true);
    }

    @Test
    void withRedisUrl_keepsEverything() {
        assertThat(filter(new MockEnvironment().withProperty(RedisMode.URL_PROPERTY, "redis://redis:6379")))
                .containsExactly(true, true, true, true);
    }

    private static boolean[] filter(MockEnvironment environment) {
        RedisAutoConfigurationFilter filter = new RedisAutoConfigurationFilter();
        filter.setEnvironment(environment);
        return filter.match(CANDIDATES, null);
    }
}
