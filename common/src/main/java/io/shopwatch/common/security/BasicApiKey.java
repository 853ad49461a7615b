package io.shopwatch.common.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An API key sent as the password of HTTP Basic authentication, {@code Authorization: Basic base64(<user>:swk_...)}:
 * what log shippers and OpenTelemetry exporters configured for OpenObserve send (Fluent Bit's {@code http_User} /
 * {@code http_Passwd}, Vector's {@code auth.strategy: basic}, an OTLP exporter's {@code Authorization} header). The
 * user part is ignored (OpenObserve puts the org or an e-mail address there); the key alone identifies the caller and
 * its org. A Basic password that is not an API key is never taken: services accept no passwords.
 */
public final class BasicApiKey {

    private BasicApiKey() {}

    /**
     * The API key of an {@code Authorization} header, or {@code null} when the header is not Basic, not valid base64,
     * has no {@code :}, or its password is not an API key ({@link IdentityHeaders#isApiKey}).
     */
    public static String from(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 7) {
            return null;
        }
        if (!authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String password = decoded.substring(colon + 1).trim();
        return IdentityHeaders.isApiKey(password) ? password : null;
    }
}
