package io.shopwatch.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.problem.GatewayProblem;
import io.shopwatch.gateway.problem.ProblemResponses;
import io.shopwatch.gateway.request.RequestContext;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The answer to a call the {@code StreamingCircuitBreaker} filter saw fail: 503 when the service is unreachable or its
 * circuit breaker is open, 504 when it was too slow, both problem+json with the route id and a Retry-After; a
 * service's own 5xx answer is passed through unchanged. It is called in place (no forward to a fallback path), so the
 * request body never needs to be kept for it.
 */
public class ServiceFallback {

    private static final Logger log = LoggerFactory.getLogger(ServiceFallback.class);

    private final ProblemResponses problems;
    private final CircuitBreakerRegistry breakers;
    private final Duration retryAfter;

    public ServiceFallback(ProblemResponses problems, CircuitBreakerRegistry breakers, FallbackProperties properties) {
        this.problems = problems;
        this.breakers = breakers;
        this.retryAfter = properties.retryAfter();
    }

    /** Answers the exchange for the failed call: the service's own 5xx answer put back, or the gateway's problem. */
    public Mono<Void> answer(ServerWebExchange exchange, Throwable failure) {
        String route = RequestContext.routeId(exchange);
        if (failure instanceof DownstreamServerErrorException serviceAnswer) {
            serviceAnswer.restore(exchange);
            return Mono.empty();
        }
        return problems.write(exchange, problem(route, failure));
    }

    GatewayProblem problem(String route, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            log.debug("route {}: circuit breaker open", route);
            return GatewayProblem.of(
                            ProblemType.UNAVAILABLE,
                            "the service behind route '" + route + "' failed repeatedly; its circuit breaker is open")
                    .retryAfter(openWait(route))
                    .with("route", route);
        }
        if (failure instanceof TimeoutException
                || failure instanceof org.springframework.cloud.gateway.support.TimeoutException) {
            log.warn("route {}: the service did not answer in time", route);
            return GatewayProblem.of(
                            ProblemType.GATEWAY_TIMEOUT,
                            "the service behind route '" + route + "' did not answer in time")
                    .retryAfter(retryAfter)
                    .with("route", route);
        }
        if (failure instanceof ResponseStatusException refused
                && refused.getStatusCode().is4xxClientError()) {
            ProblemType type = ProblemType.forStatus(refused.getStatusCode().value());
            return GatewayProblem.of(type, refused.getReason() != null ? refused.getReason() : type.title())
                    .with("route", route);
        }
        log.warn(
                "route {}: the service is unavailable: {}: {}",
                route,
                failure.getClass().getSimpleName(),
                failure.getMessage());
        return GatewayProblem.of(ProblemType.UNAVAILABLE, "the service behind route '" + route + "' is unavailable")
                .retryAfter(retryAfter)
                .with("route", route);
    }

    private Duration openWait(String route) {
        return breakers.find(route)
                .map(breaker -> Duration.ofMillis(breaker.getCircuitBreakerConfig()
                        .getWaitIntervalFunctionInOpenState()
                        .apply(1)))
                .orElse(retryAfter);
    }
}
