package io.shopwatch.gateway.body;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.problem.GatewayProblem;
import io.shopwatch.gateway.problem.ProblemResponses;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies over the limit with 413 problem+json. A body with a {@code Content-Length} within the limit
 * streams through to the service untouched (Reactor Netty ends it at that length); one over it is refused at once. A
 * body without {@code Content-Length} (chunked) is read whole, up to the limit, before the service is called, so that
 * one growing over the limit is refused before the service sees any of it.
 */
public class BodySizeLimitFilter implements GlobalFilter, Ordered {

    /** After authentication and rate limiting, before the call to the service. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 300;

    private final long limit;
    private final ProblemResponses problems;

    public BodySizeLimitFilter(BodyLimitProperties properties, ProblemResponses problems) {
        this.limit = properties.maxSize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long length = request.getHeaders().getContentLength();
        if (length > limit) {
            return tooLarge(exchange);
        }
        if (length >= 0) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(limit(request.getBody(), limit))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(body -> forwardWhole(exchange, chain, body.orElse(null)))
                .onErrorResume(PayloadTooLargeException.class, e -> tooLarge(exchange));
    }

    /**
     * Sends on a body that was read whole ({@code null}: there was none; the request's own body cannot be read twice);
     * releases it if nothing took it.
     */
    private static Mono<Void> forwardWhole(ServerWebExchange exchange, GatewayFilterChain chain, DataBuffer body) {
        AtomicBoolean taken = new AtomicBoolean(body == null);
        ServerHttpRequest whole = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> taken.compareAndSet(false, true) ? Flux.just(body) : Flux.empty());
            }
        };
        return chain.filter(exchange.mutate().request(whole).build()).doFinally(signal -> {
            if (taken.compareAndSet(false, true)) {
                DataBufferUtils.release(body);
            }
        });
    }

    /** The body, failing with {@link PayloadTooLargeException} once more than {@code limit} bytes went through. */
    static Flux<DataBuffer> limit(Flux<DataBuffer> body, long limit) {
        return Flux.defer(() -> {
            long[] seen = {0};
            return body.handle((buffer, sink) -> {
                seen[0] += buffer.readableByteCount();
                if (seen[0] > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new PayloadTooLargeException(limit));
                } else {
                    sink.next(buffer);
                }
            });
        });
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        GatewayProblem problem = GatewayProblem.of(
                        ProblemType.PAYLOAD_TOO_LARGE, PayloadTooLargeException.detail(limit))
                .with("limit", limit);
        return problems.write(exchange, problem);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
