package io.shopwatch.gateway.body;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.problem.GatewayProblem;
import io.shopwatch.gateway.problem.ProblemResponses;
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
 * Refuses request bodies over the limit with 413 problem+json: at once when the Content-Length says so, and as soon as
 * a body without Content-Length (chunked) grows over it. Routes with a circuit breaker fallback read the whole body
 * before calling the service, so an oversized chunked body is refused before the service sees any of it.
 */
public class BodySizeLimitFilter implements GlobalFilter, Ordered {

    /** After authentication and rate limiting, before the gateway reads (caches) the body. */
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
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return limit(super.getBody(), limit);
            }
        };
        return chain.filter(exchange.mutate().request(limited).build())
                .onErrorResume(PayloadTooLargeException.class, e -> tooLarge(exchange));
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
