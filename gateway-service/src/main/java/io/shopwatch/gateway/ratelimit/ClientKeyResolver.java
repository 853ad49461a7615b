package io.shopwatch.gateway.ratelimit;

import io.shopwatch.gateway.auth.Identity;
import io.shopwatch.gateway.request.RequestContext;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The rate limit bucket of a request: the authenticated caller ({@code id:<org>/<subject>}) when there is one, the
 * client's IP address ({@code ip:<address>}) otherwise. Behind a load balancer, set
 * {@code SERVER_FORWARD_HEADERS_STRATEGY} so that the address is the client's, not the balancer's.
 */
public class ClientKeyResolver implements KeyResolver {

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return Mono.just(key(exchange));
    }

    static String key(ServerWebExchange exchange) {
        Identity identity = exchange.getAttribute(Identity.ATTRIBUTE);
        if (identity != null && !identity.isAnonymous()) {
            return "id:" + identity.org() + "/" + identity.subject();
        }
        return "ip:" + RequestContext.clientAddress(exchange);
    }
}
