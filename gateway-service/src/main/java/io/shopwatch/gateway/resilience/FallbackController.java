package io.shopwatch.gateway.resilience;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.problem.GatewayProblem;
import io.shopwatch.gateway.problem.ProblemResponses;
import io.shopwatch.gateway.request.RequestContext;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where the {@code CircuitBreaker} filter forwards a failed call ({@code fallbackUri: forward:/fallback}): 503 when the
 * service is unreachable or its circuit breaker is open, 504 when it was too slow, both problem+json with the route id
 * and a Retry-After; a service's own 5xx answer is passed through unchanged. Called directly, it is a 404 like any
 * unknown path.
 */
@Hidden
@RestController
public class FallbackController {

    /** The path the CircuitBreaker filter forwards to. */
    public static final String PATH = "/fallback";

    private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

    private final ProblemResponses problems;
    private final CircuitBreakerRegistry breakers;
    private final Duration retryAfter;

    public FallbackController(
            ProblemResponses problems, CircuitBreakerRegistry breakers, FallbackProperties properties) {
        this.problems = problems;
        this.breakers = breakers;
        this.retryAfter = properties.retryAfter();
    }

    @RequestMapping(PATH)
    public Mono<Void> fallback(ServerWebExchange exchange) {
        Throwable failure = exchange.getAttribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String route = RequestContext.routeId(exchange);
        if (failure == null || RequestContext.NO_ROUTE.equals(route)) {
            return problems.write(
                    exchange,
                    GatewayProblem.of(
                            ProblemType.NOT_FOUND, "no route matches " + RequestContext.originalPath(exchange)));
        }
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
