package io.shopwatch.gateway.auth;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.problem.GatewayProblem;
import io.shopwatch.gateway.problem.ProblemResponses;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * On every routed request: removes the identity headers the client sent, asks the {@link RequestAuthenticator} who the
 * caller is, refuses the request with 401 when nobody, and otherwise passes the identity on (exchange attribute
 * {@link Identity#ATTRIBUTE}, the credentials the authenticator chose to forward ({@link
 * RequestAuthenticator#FORWARD_HEADERS}), and the informational {@link IdentityHeaders} for an authenticated caller).
 */
public class IdentityFilter implements GlobalFilter, Ordered {

    /** Before rate limiting (which keys by identity) and before the body is read. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final RequestAuthenticator authenticator;
    private final ProblemResponses problems;

    public IdentityFilter(RequestAuthenticator authenticator, ProblemResponses problems) {
        this.authenticator = authenticator;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerWebExchange stripped = stripped(exchange);
        return authenticator
                .authenticate(stripped)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(identity -> identity.isPresent()
                        ? chain.filter(withIdentity(stripped, identity.get()))
                        : problems.write(
                                stripped,
                                GatewayProblem.of(ProblemType.UNAUTHORIZED, "valid credentials are required")));
    }

    private static ServerWebExchange stripped(ServerWebExchange exchange) {
        if (!IdentityHeaders.containsAny(exchange.getRequest().getHeaders())) {
            return exchange;
        }
        ServerHttpRequest request =
                exchange.getRequest().mutate().headers(IdentityHeaders::strip).build();
        return exchange.mutate().request(request).build();
    }

    private static ServerWebExchange withIdentity(ServerWebExchange exchange, Identity identity) {
        exchange.getAttributes().put(Identity.ATTRIBUTE, identity);
        Consumer<HttpHeaders> rewrite = exchange.getAttribute(RequestAuthenticator.FORWARD_HEADERS);
        if (identity.isAnonymous() && rewrite == null) {
            return exchange;
        }
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    if (rewrite != null) {
                        rewrite.accept(headers);
                    }
                    if (!identity.isAnonymous()) {
                        IdentityHeaders.write(headers, identity);
                    }
                })
                .build();
        return exchange.mutate().request(request).build();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
