package io.shopwatch.auth.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The parts of an HTTP request that go into audit events. {@code ip} is the client address as Tomcat resolved it:
 * {@code X-Forwarded-For} is honoured only when the direct peer is a trusted proxy ({@code SHOPWATCH_TRUSTED_PROXIES}).
 */
public record RequestInfo(String ip, String method, String path, String userAgent) {

    private static final int MAX_USER_AGENT = 256;
    private static final RequestInfo NONE = new RequestInfo(null, null, null, null);

    public static RequestInfo of(HttpServletRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return new RequestInfo(request.getRemoteAddr(), request.getMethod(), request.getRequestURI(), agent);
    }

    /** The request being served on this thread, or an empty value outside a request. */
    public static RequestInfo current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return of(attributes.getRequest());
        }
        return NONE;
    }
}
