package io.shopwatch.gateway.resilience;

import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;

/**
 * The {@code StreamingCircuitBreaker} route filter: the route's circuit breaker and time limit (Resilience4j, named
 * after the route id, configured under {@code resilience4j.*}) around the call to the service, and on failure the
 * answer of {@link ServiceFallback}, written in place.
 *
 * <p>Spring Cloud Gateway's {@code CircuitBreaker} filter with a {@code fallbackUri} does the same by forwarding to a
 * fallback path, and for that it makes the gateway read (cache) every request body of the route whole before the
 * service is called, in case the forward needs it. The fallback never reads the body, so this filter leaves it
 * streaming: the service receives the first bytes while the client is still sending the rest, and the gateway holds
 * no body in memory. Bodies without a {@code Content-Length} are still read whole, by {@code BodySizeLimitFilter},
 * so that one over the limit is refused before the service sees it.
 */
public class StreamingCircuitBreakerGatewayFilterFactory
        extends AbstractGatewayFilterFactory<StreamingCircuitBreakerGatewayFilterFactory.Config> {

    private final ReactiveCircuitBreakerFactory<?, ?> breakers;
    private final ServiceFallback fallback;

    public StreamingCircuitBreakerGatewayFilterFactory(
            ReactiveCircuitBreakerFactory<?, ?> breakers, ServiceFallback fallback) {
        super(Config.class);
        this.breakers = breakers;
        this.fallback = fallback;
    }

    @Override
    public GatewayFilter apply(Config config) {
        ReactiveCircuitBreaker breaker = breakers.create(config.getRouteId());
        return (exchange, chain) -> breaker.run(chain.filter(exchange), failure -> fallback.answer(exchange, failure));
    }

    @Override
    public String name() {
        return "StreamingCircuitBreaker";
    }

    /** No settings: the breaker is the route's own, named after its id. */
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
