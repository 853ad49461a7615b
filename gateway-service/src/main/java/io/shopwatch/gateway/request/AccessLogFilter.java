package io.shopwatch.gateway.request;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * One line per request on the logger {@value #LOGGER}: method, path (never the query), status, duration, request id,
 * client address and route id. Errors are turned into their problem answer before the line is written, so the line
 * shows the status the client received. Set the logger to {@code OFF} to switch it off.
 *
 * <p>The line carries the request's trace and span ids (MDC {@code traceId}, {@code spanId}; {@code trace.id},
 * {@code span.id} in JSON logs) also when Reactor's automatic context propagation is off
 * ({@code spring.reactor.context-propagation=limited}, the gateway's default): the request's observation is taken from
 * the Reactor context and made current for this one line, instead of on every signal of every request.
 */
public class AccessLogFilter implements WebFilter, Ordered {

    /** Name of the access logger. */
    public static final String LOGGER = "io.shopwatch.gateway.access";

    /** Right after the request id filter. */
    public static final int ORDER = RequestIdFilter.ORDER + 1;

    /** Status logged when the client went away before an answer was sent (nginx's convention). */
    static final int CLIENT_CLOSED_REQUEST = 499;

    private static final Logger access = LoggerFactory.getLogger(LOGGER);

    private static final ContextSnapshotFactory snapshots =
            ContextSnapshotFactory.builder().build();

    private final WebExceptionHandler errors;

    public AccessLogFilter(WebExceptionHandler errors) {
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!access.isInfoEnabled()) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        return Mono.deferContextual(context -> chain.filter(exchange)
                .onErrorResume(error -> errors.handle(exchange, error))
                .doFinally(signal -> {
                    try (ContextSnapshot.Scope scope = snapshots.setThreadLocalsFrom(context)) {
                        log(exchange, start, signal);
                    }
                }));
    }

    private static void log(ServerWebExchange exchange, long start, SignalType signal) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        int status = status(response, signal);
        String method = request.getMethod().name();
        String path = RequestContext.originalPath(exchange);
        String requestId = RequestContext.requestId(exchange);
        String client = RequestContext.clientAddress(exchange);
        String route = RequestContext.routeId(exchange);
        access.atInfo()
                .setMessage("{} {} {} {}ms id={} client={} route={}")
                .addArgument(method)
                .addArgument(path)
                .addArgument(status)
                .addArgument(millis)
                .addArgument(requestId)
                .addArgument(client)
                .addArgument(route)
                .addKeyValue("method", method)
                .addKeyValue("path", path)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", millis)
                .addKeyValue("request_id", requestId)
                .addKeyValue("client", client)
                .addKeyValue("route", route)
                .log();
    }

    private static int status(ServerHttpResponse response, SignalType signal) {
        HttpStatusCode status = response.getStatusCode();
        if (signal == SignalType.CANCEL && !response.isCommitted()) {
            return CLIENT_CLOSED_REQUEST;
        }
        return status != null ? status.value() : 200;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
