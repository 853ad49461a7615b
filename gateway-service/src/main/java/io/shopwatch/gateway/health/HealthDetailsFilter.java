package io.shopwatch.gateway.health;

import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.IdentityHeaders;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.TokenRejectedException;
import io.shopwatch.gateway.auth.IdentityFilter;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /health/{service}} is public, and a service's health document may name disk paths, Kafka cluster ids and
 * internal error messages. Callers with an admin token (an admin of their org, or a platform administrator) get the
 * service's whole answer; everybody else gets only {@code {"status": ...}} (with the service's HTTP status), and their
 * credentials are not sent on, so the service itself also answers with the status only. Problem documents (the
 * gateway's 503 when the service is down) pass unchanged.
 */
public class HealthDetailsFilter implements GlobalFilter, Ordered {

    /** After the identity filter, before the response is written. */
    public static final int ORDER = IdentityFilter.ORDER + 1;

    /** Largest health document the gateway reduces; a larger one is refused rather than buffered. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private static final String PREFIX = "/health/";

    private final AccessTokenVerifier verifier;
    private final ObjectMapper mapper;

    /** {@code verifier} null (authentication switched off): nobody is an admin, everybody gets the status only. */
    public HealthDetailsFilter(AccessTokenVerifier verifier, ObjectMapper mapper) {
        this.verifier = verifier;
        this.mapper = mapper;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith(PREFIX)) {
            return chain.filter(exchange);
        }
        return isAdmin(exchange).flatMap(admin -> chain.filter(admin ? exchange : statusOnly(exchange)));
    }

    private Mono<Boolean> isAdmin(ServerWebExchange exchange) {
        String token = IdentityHeaders.bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (verifier == null || token == null || IdentityHeaders.isApiKey(token.trim())) {
            return Mono.just(false);
        }
        return Mono.fromCallable(() -> verifier.verify(token.trim()))
                .subscribeOn(Schedulers.boundedElastic())
                .map(HealthDetailsFilter::mayReadDetails)
                .onErrorReturn(TokenRejectedException.class, false);
    }

    static boolean mayReadDetails(Identity identity) {
        return identity.platformAdmin() || identity.may(Role.ADMIN, identity.org());
    }

    private ServerWebExchange statusOnly(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    headers.remove(IdentityHeaders.API_KEY);
                    // The answer is read and rewritten here: it must come uncompressed.
                    headers.remove(HttpHeaders.ACCEPT_ENCODING);
                })
                .build();
        if (HttpMethod.HEAD.equals(request.getMethod())) {
            return exchange.mutate().request(request).build();
        }
        return exchange.mutate()
                .request(request)
                .response(new StatusOnlyResponse(exchange.getResponse()))
                .build();
    }

    /** The status member of a health document; anything else becomes {@code UNKNOWN}. */
    byte[] statusOnly(byte[] health) {
        String status = "UNKNOWN";
        try {
            JsonNode document = mapper.readTree(health);
            if (document != null && document.path("status").isString()) {
                status = document.get("status").asString();
            }
        } catch (RuntimeException e) {
            // Not JSON: the status stays UNKNOWN, the HTTP status still says whether the service is up.
        }
        return mapper.writeValueAsBytes(Map.of("status", status));
    }

    private final class StatusOnlyResponse extends ServerHttpResponseDecorator {

        StatusOnlyResponse(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            MediaType type = getHeaders().getContentType();
            if (type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
                return super.writeWith(body);
            }
            return DataBufferUtils.join(body, MAX_BODY_BYTES)
                    .map(joined -> {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        DataBufferUtils.release(joined);
                        return bytes;
                    })
                    .defaultIfEmpty(new byte[0])
                    .flatMap(bytes -> {
                        byte[] reduced = statusOnly(bytes);
                        HttpHeaders headers = getHeaders();
                        headers.remove(HttpHeaders.TRANSFER_ENCODING);
                        headers.remove(HttpHeaders.CONTENT_ENCODING);
                        headers.setContentLength(reduced.length);
                        return super.writeWith(Mono.just(bufferFactory().wrap(reduced)));
                    });
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return writeWith(Flux.from(body).concatMap(Flux::from));
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
