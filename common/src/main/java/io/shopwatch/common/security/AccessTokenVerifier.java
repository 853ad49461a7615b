package io.shopwatch.common.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SecurityException;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies ShopWatch access tokens and turns them into an {@link Identity}. Plain Java over jjwt, so that auth-service,
 * the gateway and every service verify tokens the same way.
 *
 * <p>A token is accepted only if: it is a JWS with {@code alg} {@value TokenClaims#ALGORITHM} (the key locator refuses
 * every other algorithm, HMAC included, before any key is used; jjwt refuses {@code none} and a key whose type does not
 * fit the algorithm); its {@code kid} names a published key and the signature verifies with it; {@code
 * iss} and {@code aud} are the expected ones; {@code exp} is present and not past (with the configured clock skew);
 * {@code sub}, {@code org}, {@code roles} and {@code kind} are present and well-formed.
 */
public final class AccessTokenVerifier {

    /** Longer tokens are refused before any parsing. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    private static final Pattern ORG = Pattern.compile(TokenClaims.ORG_PATTERN);

    private final JwtParser parser;

    public AccessTokenVerifier(VerificationKeys keys, String issuer, String audience, Duration clockSkew, Clock clock) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(clock, "clock");
        this.parser = Jwts.parser()
                .keyLocator(new KidLocator(keys))
                .requireIssuer(Objects.requireNonNull(issuer, "issuer"))
                .requireAudience(Objects.requireNonNull(audience, "audience"))
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(clockSkew.toSeconds())
                .build();
    }

    /**
     * The identity a token proves.
     *
     * @throws TokenRejectedException when the token is not acceptable, with the reason
     */
    public Identity verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token is empty or too long");
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (TokenRejectedException e) {
            throw e;
        } catch (ExpiredJwtException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.EXPIRED, "token has expired", e);
        } catch (SecurityException e) {
            throw new TokenRejectedException(
                    TokenRejectedException.Reason.BAD_SIGNATURE, "token signature does not verify", e);
        } catch (UnsupportedJwtException e) {
            throw new TokenRejectedException(
                    TokenRejectedException.Reason.UNSUPPORTED_ALGORITHM, "token is unsigned or uses another format", e);
        } catch (MalformedJwtException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token is malformed", e);
        } catch (JwtException | IllegalArgumentException e) {
            TokenRejectedException located = locatorFailure(e);
            if (located != null) {
                throw located;
            }
            throw new TokenRejectedException(TokenRejectedException.Reason.INVALID_CLAIMS, "token is not valid", e);
        }
        return identity(claims);
    }

    private static Identity identity(Claims claims) {
        if (claims.getExpiration() == null) {
            throw invalid("token has no expiry");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw invalid("token has no subject");
        }
        String org = claims.get(TokenClaims.ORG, String.class);
        if (org == null || !ORG.matcher(org).matches()) {
            throw invalid("token has no valid org");
        }
        Object rawRoles = claims.get(TokenClaims.ROLES);
        if (!(rawRoles instanceof List<?> list) || list.isEmpty()) {
            throw invalid("token has no roles");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object role : list) {
            roles.add(Role.fromId(role instanceof String s ? s : null).orElseThrow(() -> invalid("unknown role")));
        }
        AuthKind kind = AuthKind.fromId(claims.get(TokenClaims.KIND, String.class))
                .orElseThrow(() -> invalid("token has no valid kind"));
        boolean platformAdmin = Boolean.TRUE.equals(claims.get(TokenClaims.PLATFORM_ADMIN));
        return new Identity(
                subject,
                org,
                roles,
                kind,
                platformAdmin,
                claims.getId(),
                claims.getExpiration().toInstant());
    }

    private static TokenRejectedException invalid(String message) {
        return new TokenRejectedException(TokenRejectedException.Reason.INVALID_CLAIMS, message);
    }

    private static TokenRejectedException locatorFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TokenRejectedException rejected) {
                return rejected;
            }
        }
        return null;
    }

    /** Finds the key by {@code kid}, refusing any other algorithm before a key is even looked up. */
    private static final class KidLocator extends LocatorAdapter<Key> {

        private final VerificationKeys keys;

        KidLocator(VerificationKeys keys) {
            this.keys = keys;
        }

        @Override
        protected Key locate(JwsHeader header) {
            if (!TokenClaims.ALGORITHM.equals(header.getAlgorithm())) {
                throw new TokenRejectedException(
                        TokenRejectedException.Reason.UNSUPPORTED_ALGORITHM,
                        "token algorithm " + header.getAlgorithm() + " is not accepted");
            }
            String kid = header.getKeyId();
            if (kid == null || kid.isBlank() || kid.length() > 128) {
                throw new TokenRejectedException(TokenRejectedException.Reason.UNKNOWN_KEY, "token has no key id");
            }
            return keys.find(kid)
                    .orElseThrow(() -> new TokenRejectedException(
                            TokenRejectedException.Reason.UNKNOWN_KEY, "token was signed by an unknown key"));
        }
    }
}
