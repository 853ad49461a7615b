package io.shopwatch.common.security;

/**
 * HTTP headers of the identity contract between the gateway, auth-service and the services behind the gateway.
 *
 * <p>Services trust only the {@code Authorization: Bearer <jwt>} header, which they verify against the JWK set. The
 * gateway removes every incoming {@code X-ShopWatch-*} header and may add the informational ones below for logging;
 * they are never proof of anything.
 */
public final class IdentityHeaders {

    /** Carries an API key from a storefront service or machine to the gateway (also accepted as a Bearer token). */
    public static final String API_KEY = "X-API-Key";

    /** The shared secret that the gateway presents on auth-service's {@code /internal/**} endpoints. */
    public static final String INTERNAL_SECRET = "X-ShopWatch-Internal-Secret";

    /** Informational copies of the verified identity, set by the gateway after verification. */
    public static final String ORG = "X-ShopWatch-Org";

    public static final String SUBJECT = "X-ShopWatch-Subject";
    public static final String ROLES = "X-ShopWatch-Roles";
    public static final String AUTH_KIND = "X-ShopWatch-Auth-Kind";

    /** Every API key starts with this; a JWT never does (it starts with {@code eyJ}). */
    public static final String API_KEY_PREFIX = "swk_";

    private IdentityHeaders() {}

    /** Whether a credential from {@code X-API-Key} or {@code Authorization: Bearer} is an API key rather than a JWT. */
    public static boolean isApiKey(String credential) {
        return credential != null && credential.startsWith(API_KEY_PREFIX);
    }

    /** The credential of an {@code Authorization: Bearer <credential>} header, or {@code null}. */
    public static String bearer(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 8) {
            return null;
        }
        if (!authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String credential = authorizationHeader.substring(7).trim();
        return credential.isEmpty() ? null : credential;
    }

    /**
     * The API key of an {@code Authorization: Basic} header whose password is an API key (the user is ignored): what
     * an OpenTelemetry exporter can carry in {@code OTEL_EXPORTER_OTLP_HEADERS}, or a Zipkin reporter in its URL.
     * {@code null} for any other header, an undecodable one, or a password that is not an API key.
     */
    public static String basicApiKey(String authorizationHeader) {
        return BasicApiKey.from(authorizationHeader);
    }

    /**
     * The credential of a request, in the order the gateway checks them: {@code Authorization: Bearer} (token or API
     * key), {@code Authorization: Basic} with an API key as password, then {@code X-API-Key}; {@code null} without one.
     */
    public static String credential(String authorizationHeader, String apiKeyHeader) {
        String bearer = bearer(authorizationHeader);
        if (bearer != null) {
            return bearer;
        }
        String basic = basicApiKey(authorizationHeader);
        if (basic != null) {
            return basic;
        }
        return apiKeyHeader == null || apiKeyHeader.isBlank() ? null : apiKeyHeader.trim();
    }
}
