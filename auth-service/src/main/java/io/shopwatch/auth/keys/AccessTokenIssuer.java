package io.shopwatch.auth.keys;

import io.jsonwebtoken.Jwts;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.TokenClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Signs access tokens with the current signing key (see {@link TokenClaims} for the contract). */
@Component
public class AccessTokenIssuer {

    private final SigningKeys keys;
    private final TokenProperties properties;
    private final Clock clock;

    public AccessTokenIssuer(SigningKeys keys, TokenProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /** A signed access token and when it expires. */
    public record AccessToken(String token, Instant expiresAt, Duration lifetime) {}

    /** A token for someone who logged in (or refreshed). */
    public AccessToken forUser(String username, String org, Role role, boolean platformAdmin) {
        return issue(username, org, role, AuthKind.USER, platformAdmin, properties.accessTtl());
    }

    /**
     * A short-lived token standing for an API key, handed to the gateway after it verified the key; it never outlives
     * the key ({@code keyExpiresAt}, may be {@code null}).
     */
    public AccessToken forApiKey(String keyId, String org, Role role, Instant keyExpiresAt) {
        Duration lifetime = properties.apiKeyTokenTtl();
        if (keyExpiresAt != null) {
            Duration untilKeyExpires = Duration.between(clock.instant(), keyExpiresAt);
            if (untilKeyExpires.compareTo(lifetime) < 0) {
                lifetime = untilKeyExpires.isNegative() ? Duration.ZERO : untilKeyExpires;
            }
        }
        return issue("apikey:" + keyId, org, role, AuthKind.API_KEY, false, lifetime);
    }

    private AccessToken issue(
            String subject, String org, Role role, AuthKind kind, boolean platformAdmin, Duration lifetime) {
        SigningKeys.ActiveKey key = keys.active();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        var builder = Jwts.builder()
                .header()
                .keyId(key.kid())
                .type("JWT")
                .and()
                .issuer(properties.issuer())
                .audience()
                .add(properties.audience())
                .and()
                .subject(subject)
                .claim(TokenClaims.ORG, org)
                .claim(TokenClaims.ROLES, List.of(role.id()))
                .claim(TokenClaims.KIND, kind.id())
                .issuedAt(Date.from(now))
                .notBefore(Date.from(now))
                .expiration(Date.from(expires))
                .id(UUID.randomUUID().toString());
        if (platformAdmin) {
            builder.claim(TokenClaims.PLATFORM_ADMIN, true);
        }
        return new AccessToken(
                builder.signWith(key.privateKey(), Jwts.SIG.RS256).compact(), expires, lifetime);
    }
}
