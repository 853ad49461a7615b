package io.shopwatch.store.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * OpenObserve's Basic authentication for the root user ({@code ZO_ROOT_USER_EMAIL} with
 * {@code ZO_ROOT_USER_PASSWORD} or {@code ZO_ROOT_USER_TOKEN}) on every {@link OpenObserveApi} controller. A missing or
 * wrong credential gets OpenObserve's answer: 401, {@code WWW-Authenticate: Bearer realm="openobserve"}, body
 * {@code Unauthorized Access}.
 */
public final class RootUserAuthInterceptor implements HandlerInterceptor {

    private final byte[] email;
    private final byte[] password;
    private final byte[] token;

    public RootUserAuthInterceptor(String email, String password, String token) {
        this.email = email.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().isAnnotationPresent(OpenObserveApi.class)) {
            return true;
        }
        if (authorised(request.getHeader("Authorization"))) {
            return true;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"openobserve\"");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Unauthorized Access");
        return false;
    }

    boolean authorised(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] user = pair.substring(0, colon).getBytes(StandardCharsets.UTF_8);
        byte[] secret = pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (secret.length == 0 || !MessageDigest.isEqual(user, email)) {
            return false;
        }
        return MessageDigest.isEqual(secret, password) || (token != null && MessageDigest.isEqual(secret, token));
    }
}
