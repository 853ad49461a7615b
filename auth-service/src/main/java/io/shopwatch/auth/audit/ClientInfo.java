package io.shopwatch.auth.audit;

/**
 * Where a request came from, as it goes into audit events: the client address (as Tomcat resolved it: {@code
 * X-Forwarded-For} is honoured only when the direct peer is a trusted proxy, {@code SHOPWATCH_TRUSTED_PROXIES}), the
 * method and the path. The web layer builds it from the HTTP request and hands it to the domain services.
 */
public record ClientInfo(String ip, String method, String path) {

    /** Outside a request (start-up, scheduled work). */
    public static final ClientInfo NONE = new ClientInfo(null, null, null);
}
