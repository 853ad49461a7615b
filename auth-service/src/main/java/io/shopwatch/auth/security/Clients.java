package io.shopwatch.auth.security;

import io.shopwatch.auth.audit.ClientInfo;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The {@link ClientInfo} of an HTTP request, for the audit events the domain services record. */
public final class Clients {

    private Clients() {}

    /** The client of this request; {@link ClientInfo#NONE} without one. */
    public static ClientInfo of(HttpServletRequest request) {
        if (request == null) {
            return ClientInfo.NONE;
        }
        return new ClientInfo(request.getRemoteAddr(), request.getMethod(), request.getRequestURI());
    }

    /** The request being served on this thread, or {@code null} outside a request. */
    public static HttpServletRequest currentRequest() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest();
        }
        return null;
    }

    /** The client of the request being served on this thread, {@link ClientInfo#NONE} outside a request. */
    public static ClientInfo current() {
        return of(currentRequest());
    }
}
