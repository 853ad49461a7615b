package io.shopwatch.gateway.resilience;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * A service answered 5xx. Raised inside the circuit breaker so that the breaker counts a failure, it carries the
 * service's answer (status, headers and the still unread connection with its body) past the fallback, which puts it
 * back: the client receives the service's answer unchanged.
 */
final class DownstreamServerErrorException extends RuntimeException {

    private final HttpStatusCode status;
    private final HttpHeaders headers;
    private final Object connection;
    private final Object clientResponse;

    private DownstreamServerErrorException(
            HttpStatusCode status, HttpHeaders headers, Object connection, Object clientResponse) {
        super("service answered " + status.value(), null, false, false);
        this.status = status;
        this.headers = headers;
        this.connection = connection;
        this.clientResponse = clientResponse;
    }

    /**
     * Takes the service's answer out of the exchange, so that the circuit breaker's reset of the exchange neither
     * closes the connection nor drops the headers.
     */
    static DownstreamServerErrorException detach(ServerWebExchange exchange, HttpStatusCode status) {
        HttpHeaders headers = HttpHeaders.copyOf(exchange.getResponse().getHeaders());
        Object connection = exchange.getAttributes().remove(CLIENT_RESPONSE_CONN_ATTR);
        Object clientResponse = exchange.getAttributes().remove(CLIENT_RESPONSE_ATTR);
        return new DownstreamServerErrorException(status, headers, connection, clientResponse);
    }

    /** Puts the service's answer back; the gateway then streams the service's body to the client as usual. */
    void restore(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().putAll(headers);
        if (connection != null) {
            exchange.getAttributes().put(CLIENT_RESPONSE_CONN_ATTR, connection);
        }
        if (clientResponse != null) {
            exchange.getAttributes().put(CLIENT_RESPONSE_ATTR, clientResponse);
        }
    }

    HttpStatusCode status() {
        return status;
    }
}
