package io.shopwatch.gateway.request;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when valid), sends it to the service and returns it in
 * the response, whatever answers: the service, the fallback or an error.
 */
public class RequestIdFilter implements WebFilter, Ordered {

    /** Runs first, so that everything after it, errors included, knows the request id. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String incoming = request.getHeaders().getFirst(RequestIds.HEADER);
        String id = RequestIds.keepOrGenerate(incoming);
        exchange.getAttributes().put(RequestContext.REQUEST_ID_ATTR, id);
        exchange.getAttributes()
                .put(RequestContext.ORIGINAL_PATH_ATTR, request.getPath().value());

        ServerHttpResponse response = exchange.getResponse();
        // Set just before commit: replaces a copy echoed by the service instead of adding a second header.
        response.beforeCommit(() -> {
            response.getHeaders().set(RequestIds.HEADER, id);
            return Mono.empty();
        });

        if (id.equals(incoming) && request.getHeaders().get(RequestIds.HEADER).size() == 1) {
            return chain.filter(exchange);
        }
        ServerHttpRequest withId =
                request.mutate().headers(h -> h.set(RequestIds.HEADER, id)).build();
        return chain.filter(exchange.mutate().request(withId).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
