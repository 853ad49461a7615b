package io.shopwatch.gateway.path;

import io.shopwatch.common.web.PathFirewall;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.problem.GatewayProblem;
import io.shopwatch.gateway.problem.ProblemResponses;
import io.shopwatch.gateway.request.AccessLogFilter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, with 400 problem+json, every request whose raw path {@link PathFirewall} does not allow, before routing
 * and authorisation: the gateway authorises on the path as sent ({@code /api/{org}/**} names the org), so a path that
 * a service or OpenObserve could decode or normalise into another org's path ({@code /api/a/../b/_search}, {@code
 * %2e%2e}, {@code %2f}, ...) never gets that far.
 */
public class PathFirewallFilter implements WebFilter, Ordered {

    /**
     * After the request id (the problem carries it) and the access log (a refused request is logged like any other),
     * before anything routes or authenticates.
     */
    public static final int ORDER = AccessLogFilter.ORDER + 1;

    private static final Logger log = LoggerFactory.getLogger(PathFirewallFilter.class);

    private final ProblemResponses problems;

    public PathFirewallFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        Optional<String> refused = PathFirewall.check(rawPath);
        if (refused.isEmpty()) {
            return chain.filter(exchange);
        }
        log.debug("refused {} {}: {}", exchange.getRequest().getMethod(), rawPath, refused.get());
        return problems.write(exchange, GatewayProblem.of(ProblemType.PATH_REFUSED, refused.get()));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
