package io.shopwatch.gateway.auth;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets every request through as {@link Identity#ANONYMOUS}: the gateway's behaviour until authentication exists. */
public final class AnonymousRequestAuthenticator implements RequestAuthenticator {

    private static final Mono<Identity> ANONYMOUS = Mono.just(Identity.ANONYMOUS);

    @Override
    public Mono<Identity> authenticate(ServerWebExchange exchange) {
        return ANONYMOUS;
    }
}
