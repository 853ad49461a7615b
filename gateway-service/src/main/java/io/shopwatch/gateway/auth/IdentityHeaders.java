package io.shopwatch.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * The headers by which the gateway tells a service who the caller is. Services trust them, so the gateway removes
 * every one a client sent before it adds its own.
 */
public final class IdentityHeaders {

    /** The caller's user or API key id. */
    public static final String USER = "X-ShopWatch-User";

    /** The organisation the request is scoped to. */
    public static final String ORG = "X-ShopWatch-Org";

    /** The caller's roles, comma-separated. */
    public static final String ROLES = "X-ShopWatch-Roles";

    /** Names of the same identity used elsewhere in the contract (common's {@code IdentityHeaders}); never believed. */
    public static final String SUBJECT = "X-ShopWatch-Subject";

    public static final String AUTH_KIND = "X-ShopWatch-Auth-Kind";

    /** auth-service's shared secret: only the gateway itself sends it, and only to {@code /internal/**}. */
    public static final String INTERNAL_SECRET = "X-ShopWatch-Internal-Secret";

    /** Prefix of any further identity header (for example a forwarded token or claims). */
    public static final String IDENTITY_PREFIX = "X-ShopWatch-Identity";

    private IdentityHeaders() {}

    /** Whether a header, in any letter case, belongs to the identity the gateway establishes. */
    public static boolean isIdentityHeader(String name) {
        return name.equalsIgnoreCase(USER)
                || name.equalsIgnoreCase(ORG)
                || name.equalsIgnoreCase(ROLES)
                || name.equalsIgnoreCase(SUBJECT)
                || name.equalsIgnoreCase(AUTH_KIND)
                || name.equalsIgnoreCase(INTERNAL_SECRET)
                || name.regionMatches(true, 0, IDENTITY_PREFIX, 0, IDENTITY_PREFIX.length());
    }

    /** Whether the headers contain any identity header. */
    public static boolean containsAny(HttpHeaders headers) {
        for (String name : headers.headerNames()) {
            if (isIdentityHeader(name)) {
                return true;
            }
        }
        return false;
    }

    /** Removes every identity header. */
    public static void strip(HttpHeaders headers) {
        List<String> found = new ArrayList<>();
        for (String name : headers.headerNames()) {
            if (isIdentityHeader(name)) {
                found.add(name);
            }
        }
        found.forEach(headers::remove);
    }

    /** Adds the identity headers of an authenticated caller (informational: services verify the forwarded token). */
    public static void write(HttpHeaders headers, Identity identity) {
        headers.set(USER, identity.subject());
        headers.set(ORG, identity.org());
        headers.set(ROLES, String.join(",", identity.roles().stream().sorted().toList()));
    }
}
