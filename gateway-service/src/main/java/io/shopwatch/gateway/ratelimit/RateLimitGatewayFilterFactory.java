package io.shopwatch.gateway.ratelimit;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.problem.GatewayProblem;
import io.shopwatch.gateway.problem.ProblemResponses;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;

/**
 * The {@code RateLimit} route filter: Spring Cloud Gateway's {@code RequestRateLimiter} with a problem+json 429 and a
 * Retry-After instead of an empty 429. It asks the one {@link RateLimiter} bean (Bucket4j in memory, or Redis) and
 * keys by the {@link KeyResolver}. It runs before the body is read, so a refused client costs no body buffering.
 */
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

    /** After authentication, before the body limit. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

    private final RateLimiter<?> limiter;
    private final KeyResolver keys;
    private final ProblemResponses problems;
    private final RateLimitProperties properties;

    public RateLimitGatewayFilterFactory(
            RateLimiter<?> limiter, KeyResolver keys, ProblemResponses problems, RateLimitProperties properties) {
        super(Config.class);
        this.limiter = limiter;
        this.keys = keys;
        this.problems = problems;
        this.properties = properties;
    }

    @Override
    public GatewayFilter apply(Config config) {
        String routeId = config.getRouteId();
        if (!properties.enabled()) {
            return new OrderedGatewayFilter((exchange, chain) -> chain.filter(exchange), ORDER);
        }
        Duration retryAfter = properties.retryAfter();
        GatewayProblem refused = GatewayProblem.of(
                        ProblemType.RATE_LIMITED,
                        "too many requests from this client; allowed: " + properties.capacity() + " at once, "
                                + properties.refillTokens() + " more every " + format(properties.refillPeriod()))
                .retryAfter(retryAfter)
                .with("route", routeId);
        return new OrderedGatewayFilter(
                (exchange, chain) -> keys.resolve(exchange)
                        .defaultIfEmpty("ip:unknown")
                        .flatMap(key -> limiter.isAllowed(routeId, key))
                        .flatMap(response -> {
                            HttpHeaders headers = exchange.getResponse().getHeaders();
                            response.getHeaders().forEach(headers::set);
                            return response.isAllowed() ? chain.filter(exchange) : problems.write(exchange, refused);
                        }),
                ORDER);
    }

    @Override
    public String name() {
        return "RateLimit";
    }

    /** 1h, 15m, 1s or 250ms: how the period is written in the configuration. */
    static String format(Duration period) {
        long millis = period.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    /** No settings: limits come from {@link RateLimitProperties}; the route id is filled in by the gateway. */
    public static class Config implements HasRouteId {

        private String routeId;

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }
    }
}
