package io.shopwatch.gateway.problem;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.request.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes the RFC 9457 problem documents the gateway answers itself (404, 413, 429, 503, 504, ...) and counts them in
 * {@code shopwatch.gateway.problems}, tagged by problem type and route.
 */
public class ProblemResponses {

    /** Counter of the answers the gateway gave itself instead of a service. */
    public static final String METRIC = "shopwatch.gateway.problems";

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public ProblemResponses(ObjectMapper mapper, MeterRegistry meters) {
        this.mapper = mapper;
        this.meters = meters;
    }

    /** Answers the exchange with the problem, unless the response is already on its way. */
    public Mono<Void> write(ServerWebExchange exchange, GatewayProblem problem) {
        ServerHttpResponse response = exchange.getResponse();
        String route = RequestContext.routeId(exchange);
        count(problem.type(), route);
        if (response.isCommitted()) {
            log.debug("cannot answer {} on {}: response already committed", problem.type(), route);
            return Mono.empty();
        }
        byte[] body = mapper.writeValueAsBytes(body(exchange, problem));
        response.setStatusCode(HttpStatusCode.valueOf(problem.type().status()));
        HttpHeaders headers = response.getHeaders();
        headers.clearContentHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(body.length);
        headers.setCacheControl("no-store");
        if (problem.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    private static Map<String, Object> body(ServerWebExchange exchange, GatewayProblem problem) {
        ProblemType type = problem.type();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", problem.detail());
        body.put("instance", RequestContext.originalPath(exchange));
        String requestId = RequestContext.requestId(exchange);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        body.putAll(problem.properties());
        return body;
    }

    private void count(ProblemType type, String route) {
        String slug = type.uri().toString().substring(ProblemType.BASE.length());
        Counter.builder(METRIC)
                .description("Answers the gateway gave itself instead of a service, by problem type")
                .tag("type", slug)
                .tag("route", route)
                .register(meters)
                .increment();
    }
}
