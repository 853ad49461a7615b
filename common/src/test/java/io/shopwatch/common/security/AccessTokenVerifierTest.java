package io.shopwatch.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The verifier every component shares, on its own: keys made here, no Spring, no HTTP. */
class AccessTokenVerifierTest {

    private static final KeyPair RSA = rsa();
    private static final KeyPair OTHER_RSA = rsa();
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final VerificationKeys keys = kid -> "k1".equals(kid) ? Optional.of(RSA.getPublic()) : Optional.empty();
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(
            keys, "shopwatch-auth", "shopwatch", Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtBuilder token() {
        return Jwts.builder()
                .header()
                .keyId("k1")
                .and()
                .issuer("shopwatch-auth")
                .audience()
                .add("shopwatch")
                .and()
                .subject("alice")
                .claim("org", "acme")
                .claim("roles", List.of("operator"))
                .claim("kind", "user")
                .issuedAt(Date.from(NOW))
                .expiration(Date.from(NOW.plusSeconds(300)));
    }

    private static String rs256(JwtBuilder builder) {
        return builder.signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact();
    }

    private TokenRejectedException.Reason rejection(String token) {
        try {
            verifier.verify(token);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        throw new AssertionError("token was accepted");
    }

    @Test
    void verify_acceptsAWellFormedToken() {
        Identity identity = verifier.verify(rs256(token()));

        assertThat(identity.subject()).isEqualTo("alice");
        assertThat(identity.org()).isEqualTo("acme");
        assertThat(identity.roles()).containsExactly(Role.OPERATOR);
        assertThat(identity.kind()).isEqualTo(AuthKind.USER);
        assertThat(identity.platformAdmin()).isFalse();
        assertThat(identity.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void verify_toleratesTheClockSkew_butNotMore() {
        assertThat(verifier.verify(rs256(token().expiration(Date.from(NOW.minusSeconds(29))))))
                .isNotNull();
        assertThat(rejection(rs256(token().expiration(Date.from(NOW.minusSeconds(31))))))
                .isEqualTo(TokenRejectedException.Reason.EXPIRED);
    }

    @Test
    void verify_refusesOtherAlgorithms() throws Exception {
        String none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8))
                + "." + rs256(token()).split("\\.")[1] + ".";
        String hs256 = token().signWith(new SecretKeySpec(RSA.getPublic().getEncoded(), "HmacSHA256"), Jwts.SIG.HS256)
                .compact();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String es256 = token().signWith(ec.generateKeyPair().getPrivate(), Jwts.SIG.ES256)
                .compact();
        String ps256 = token().signWith(RSA.getPrivate(), Jwts.SIG.PS256).compact();

        assertThat(rejection(none)).isEqualTo(TokenRejectedException.Reason.UNSUPPORTED_ALGORITHM);
        assertThat(rejection(hs256)).isEqualTo(TokenRejectedException.Reason.UNSUPPORTED_ALGORITHM);
        assertThat(rejection(es256)).isEqualTo(TokenRejectedException.Reason.UNSUPPORTED_ALGORITHM);
        assertThat(rejection(ps256)).isEqualTo(TokenRejectedException.Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verify_refusesUnknownKeysAndForeignSignatures() {
        assertThat(rejection(rs256(token().header().keyId("k2").and())))
                .isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY);
        assertThat(rejection(
                        token().signWith(OTHER_RSA.getPrivate(), Jwts.SIG.RS256).compact()))
                .isEqualTo(TokenRejectedException.Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_refusesWrongOrMissingClaims() {
        assertThat(rejection(rs256(token().issuer("evil")))).isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().audience().single("other"))))
                .isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().expiration(null)))).isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().subject(null)))).isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().claim("org", "Not An Org"))))
                .isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().claim("roles", List.of()))))
                .isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().claim("roles", "admin"))))
                .isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().claim("kind", "robot"))))
                .isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
        assertThat(rejection(rs256(token().notBefore(Date.from(NOW.plusSeconds(120))))))
                .isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
    }

    @Test
    void verify_readsThePlatformAdminFlag() {
        Identity identity = verifier.verify(rs256(token().claims(Map.of("platform_admin", true))));

        assertThat(identity.platformAdmin()).isTrue();
    }

    @Test
    void verify_refusesGarbage() {
        assertThatThrownBy(() -> verifier.verify("")).isInstanceOf(TokenRejectedException.class);
        assertThatThrownBy(() -> verifier.verify(null)).isInstanceOf(TokenRejectedException.class);
        assertThat(rejection("a.b.c")).isEqualTo(TokenRejectedException.Reason.MALFORMED);
        assertThat(rejection("x".repeat(AccessTokenVerifier.MAX_TOKEN_LENGTH + 1)))
                .isEqualTo(TokenRejectedException.Reason.MALFORMED);
    }
}
