package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.shopwatch.testkit.ServiceSmokeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.ratelimit.Bucket4jRateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * The gateway with no configuration at all: the checks every service passes (a routed request without credentials is
 * refused), and no Redis anywhere (the health details, hidden by default, are shown here to see that no Redis
 * component is among them).
 */
@TestPropertySource(properties = "management.endpoint.health.show-details=always")
class GatewayServiceApplicationTest extends ServiceSmokeTest {

    @Autowired
    private ApplicationContext context;

    /**
     * The gateway authenticates routed requests (a path no route matches is a 404 whoever asks): a routed path
     * without credentials is refused before it reaches the service.
     */
    @Override
    protected String pathThatNeedsCredentials() {
        return "/api/v1/logs/search";
    }

    /** The gateway's own document is the aggregated one; it is not part of itself. */
    @Override
    protected boolean routedByTheGateway() {
        return false;
    }

    @Test
    void withoutRedisUrl_nothingAboutRedisIsConfigured() {
        assertThat(context.getBeanNamesForType(ReactiveRedisConnectionFactory.class))
                .isEmpty();
        assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
        assertThat(context.getBean(RateLimiter.class)).isInstanceOf(Bucket4jRateLimiter.class);
        assertThat(context.getBeanNamesForType(AsyncProxyManager.class)).hasSize(1);
    }

    @Test
    void health_hasNoRedisComponent() throws Exception {
        assertThat(get("/actuator/health").body()).doesNotContain("redis");
    }

    @Test
    void liveness_isUp() throws Exception {
        assertThat(get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
    }
}
