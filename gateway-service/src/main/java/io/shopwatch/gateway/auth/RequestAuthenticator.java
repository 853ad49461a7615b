package io.shopwatch.gateway.auth;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Establishes who sent a request; the gateway's seam for authentication. Declare one bean of this type and the gateway
 * uses it for every routed request; without one, every request is {@link Identity#ANONYMOUS}.
 *
 * <p>The exchange given here has already lost every client-supplied identity header ({@link IdentityHeaders}).
 */
@FunctionalInterface
public interface RequestAuthenticator {

    /**
     * Exchange attribute an authenticator may set to a {@code Consumer<HttpHeaders>} that rewrites the credentials
     * sent on to the service (for example an API key replaced by an access token); applied after authentication.
     */
    String FORWARD_HEADERS = RequestAuthenticator.class.getName() + ".forwardHeaders";

    /**
     * The caller's identity; {@link Identity#ANONYMOUS} to let the request through without one; empty when the
     * request must be refused with 401. An error carrying a {@link io.shopwatch.common.web.ShopWatchException} type
     * (for example {@code FORBIDDEN}) is answered with that problem.
     */
    Mono<Identity> authenticate(ServerWebExchange exchange);
}
