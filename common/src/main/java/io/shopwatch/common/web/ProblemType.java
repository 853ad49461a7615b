package io.shopwatch.common.web;

import java.net.URI;

/**
 * The stable {@code type} URIs of ShopWatch's RFC 9457 problem documents. Clients may switch on them; they never
 * change meaning.
 */
public enum ProblemType {
    VALIDATION("validation", 400, "Invalid request"),
    MALFORMED("malformed-body", 400, "Malformed request body"),
    /** A request path that could be read as another path (dot segments, encoded slashes, ...): {@link PathFirewall}. */
    PATH_REFUSED("path-refused", 400, "Request path refused"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    CONFLICT("conflict", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    LOCKED("locked", 423, "Locked"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    INTERNAL("internal", 500, "Internal error"),
    BAD_GATEWAY("bad-gateway", 502, "Bad gateway"),
    UNAVAILABLE("unavailable", 503, "Service unavailable"),
    GATEWAY_TIMEOUT("gateway-timeout", 504, "Gateway timeout");

    /** Base of every type URI. */
    public static final String BASE = "https://shopwatch.io/problems/";

    private final URI uri;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The type that describes an HTTP status, {@link #INTERNAL} for unknown 5xx and {@link #VALIDATION} for 4xx. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != MALFORMED && type != PATH_REFUSED) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
