package io.shopwatch.auth.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Why the credentials of a request were not accepted, kept on the request so that the 401 answer (given only where
 * authentication is required) can say so and the audit log can record it.
 */
record Rejection(String reason, String detail) {

    private static final String ATTRIBUTE = Rejection.class.getName();

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static Rejection of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Rejection rejection ? rejection : null;
    }
}
