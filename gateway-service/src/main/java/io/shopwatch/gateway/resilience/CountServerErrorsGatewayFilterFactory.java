package io.shopwatch.gateway.resilience;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatusCode;
import reactor.core.publisher.Mono;

/**
 * The {@code CountServerErrors} route filter: makes a service's 500, 502, 503 or 504 count as a failure for the route's
 * circuit breaker while the client still receives that answer unchanged (see {@link ServiceFallback}). It runs
 * inside the {@code CircuitBreaker} filter, right around the call to the service.
 */
public class CountServerErrorsGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    /** After the CircuitBreaker filter (ordered by its position, 1, 2, ...), before the routing filters (10000+). */
    public static final int ORDER = 9_000;

    @Override
    public GatewayFilter apply(Object config) {
        return new OrderedGatewayFilter(
                (exchange, chain) -> chain.filter(exchange).then(Mono.defer(() -> {
                    HttpStatusCode status = exchange.getResponse().getStatusCode();
                    if (status == null
                            || !isFailure(status.value())
                            || exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR) == null) {
                        return Mono.empty();
                    }
                    return Mono.error(DownstreamServerErrorException.detach(exchange, status));
                })),
                ORDER);
    }

    /** Server errors that say the service is in trouble; 501 (a method the service does not offer) says nothing about its health. */
    static boolean isFailure(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }

    @Override
    public String name() {
        return "CountServerErrors";
    }
}
