package io.shopwatch.gateway.problem;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.gateway.request.RequestContext;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where errors become HTTP answers in the gateway: every error, including Spring's own 404 for a path no
 * route matches, is answered with a problem+json document, never a stack trace or Spring's default error JSON.
 */
public class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

    /** Ahead of Spring Boot's default error handler (order -1). */
    public static final int ORDER = -2;

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemResponses problems;

    public ProblemExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        return problems.write(exchange, toProblem(exchange, error));
    }

    GatewayProblem toProblem(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ShopWatchException known) {
            return GatewayProblem.of(known.type(), known.getMessage());
        }
        if (error instanceof ErrorResponse response) {
            int status = response.getStatusCode().value();
            if (status < 500) {
                return GatewayProblem.of(ProblemType.forStatus(status), clientErrorDetail(exchange, error, status));
            }
        }
        if (error instanceof TimeoutException
                || error instanceof org.springframework.cloud.gateway.support.TimeoutException) {
            return GatewayProblem.of(ProblemType.GATEWAY_TIMEOUT, "the service did not answer in time")
                    .with("route", RequestContext.routeId(exchange));
        }
        if (error instanceof ConnectException
                || error instanceof org.springframework.cloud.gateway.support.NotFoundException) {
            return GatewayProblem.of(ProblemType.UNAVAILABLE, "the service is not reachable")
                    .with("route", RequestContext.routeId(exchange));
        }
        ProblemType type = ProblemType.INTERNAL;
        if (error instanceof ErrorResponse response) {
            type = ProblemType.forStatus(response.getStatusCode().value());
        }
        log.warn(
                "unhandled {} on {} {}: {}",
                error.getClass().getSimpleName(),
                exchange.getRequest().getMethod(),
                RequestContext.originalPath(exchange),
                error.getMessage());
        return GatewayProblem.of(type, "the request could not be completed");
    }

    private static String clientErrorDetail(ServerWebExchange exchange, Throwable error, int status) {
        String path = RequestContext.originalPath(exchange);
        if (status == 404) {
            return "no route matches " + path;
        }
        if (status == 405) {
            return "method " + exchange.getRequest().getMethod() + " is not allowed on " + path;
        }
        if (error instanceof ResponseStatusException statusError && statusError.getReason() != null) {
            return statusError.getReason();
        }
        return ProblemType.forStatus(status).title();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
