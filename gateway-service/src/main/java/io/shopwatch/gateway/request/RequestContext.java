package io.shopwatch.gateway.request;

import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/** What the gateway remembers about a request while it travels through the filters, kept in exchange attributes. */
public final class RequestContext {

    static final String REQUEST_ID_ATTR = RequestContext.class.getName() + ".requestId";
    static final String ORIGINAL_PATH_ATTR = RequestContext.class.getName() + ".originalPath";

    /** Route id reported when no route matched. */
    public static final String NO_ROUTE = "none";

    private RequestContext() {}

    /** The request id given to this request, or {@code null} before the request id filter ran. */
    public static String requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(REQUEST_ID_ATTR);
    }

    /** The path the client asked for, even after the request was forwarded (for example to the fallback). */
    public static String originalPath(ServerWebExchange exchange) {
        String path = exchange.getAttribute(ORIGINAL_PATH_ATTR);
        return path != null ? path : exchange.getRequest().getPath().value();
    }

    /**
     * The client's IP address: the TCP peer, or the address from {@code X-Forwarded-For} / {@code Forwarded} when the
     * forward headers strategy says to trust them.
     */
    public static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** The id of the route the request matched, or {@link #NO_ROUTE}. */
    public static String routeId(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null ? route.getId() : NO_ROUTE;
    }
}
