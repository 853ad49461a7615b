package io.shopwatch.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import io.shopwatch.auth.keys.SigningKeys;
import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.RemoteJwks;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.TokenClaims;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Hand-made tokens against a protected endpoint: every way a token can be wrong is refused with a problem+json 401, and
 * each refusal is in the audit log with its reason.
 */
class TokenValidationIT extends IntegrationTestBase {

    @Autowired
    SigningKeys keys;

    @Test
    void validToken_isAccepted() {
        assertThat(api.get("/api/v1/auth/me").token(adminToken()).send().status())
                .isEqualTo(200);
    }

    @Test
    void noToken_is401WithBearerChallenge() {
        Api.Response response = api.get("/api/v1/auth/me").send();

        assertRefused(response, "authentication required");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"shopwatch\"");
    }

    @Test
    void expiredToken_isRefused() {
        String token = adminToken();
        clock.advance(Duration.ofMinutes(5).plusSeconds(31));

        Api.Response response = api.get("/api/v1/auth/me").token(token).send();

        assertRefused(response, "access token has expired");
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertDenialAudited(token, "expired");
    }

    @Test
    void tamperedPayload_isRefused() {
        String token = adminToken();
        String[] parts = token.split("\\.");
        String forged = claims(token).toString().replace("\"org\":\"default\"", "\"org\":\"someone-else\"");
        String tampered = parts[0] + "." + base64Url(forged) + "." + parts[2];

        Api.Response response = api.get("/api/v1/auth/me").token(tampered).send();

        assertRefused(response, "access token is not valid");
        assertDenialAudited(tampered, "bad_signature");
    }

    @Test
    void tokenSignedWithAnotherKey_underAPublishedKid_isRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair other = generator.generateKeyPair();
        String token = Jwts.builder()
                .header()
                .keyId(keys.active().kid())
                .and()
                .claims(validClaims())
                .signWith(other.getPrivate(), Jwts.SIG.RS256)
                .compact();

        assertRefused(api.get("/api/v1/auth/me").token(token).send(), "access token is not valid");
        assertDenialAudited(token, "bad_signature");
    }

    @Test
    void unknownKid_isRefused() {
        String token = signed(builder -> builder.header().keyId("no-such-key").and());

        assertRefused(api.get("/api/v1/auth/me").token(token).send(), "access token is not valid");
        assertDenialAudited(token, "unknown_key");
    }

    @Test
    void missingKid_isRefused() {
        String token = Jwts.builder()
                .claims(validClaims())
                .signWith(keys.active().privateKey(), Jwts.SIG.RS256)
                .compact();

        assertRefused(api.get("/api/v1/auth/me").token(token).send(), "access token is not valid");
        assertDenialAudited(token, "unknown_key");
    }

    @Test
    void algNone_isRefused() {
        String header = base64Url(
                "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + keys.active().kid() + "\"}");
        String payload = base64Url(Api.JSON.writeValueAsString(validClaims()));
        String token = header + "." + payload + ".";

        assertRefused(api.get("/api/v1/auth/me").token(token).send(), "access token is not valid");
        assertDenialAudited(token, "unsupported_algorithm");
    }

    @Test
    void hmacSignedWithThePublicKey_isRefused() {
        byte[] publicKey = keys.published().get(0).publicKey().getEncoded();
        SecretKeySpec hmacKey = new SecretKeySpec(publicKey, "HmacSHA256");
        String token = Jwts.builder()
                .header()
                .keyId(keys.active().kid())
                .and()
                .claims(validClaims())
                .signWith(hmacKey, Jwts.SIG.HS256)
                .compact();

        assertRefused(api.get("/api/v1/auth/me").token(token).send(), "access token is not valid");
        assertDenialAudited(token, "unsupported_algorithm");
    }

    @Test
    void wrongIssuer_wrongAudience_noExpiry_unknownRole_areRefused() {
        List<String> tokens = List.of(
                signed(b -> b.issuer("somebody-else")),
                signed(b -> b.audience().single("other-audience")),
                signedWithout("exp"),
                signed(b -> b.claim(TokenClaims.ROLES, List.of("superuser"))),
                signedWithout(TokenClaims.ORG));

        for (String token : tokens) {
            assertRefused(api.get("/api/v1/auth/me").token(token).send(), "access token is not valid");
        }
    }

    @Test
    void garbage_isRefused() {
        assertRefused(api.get("/api/v1/auth/me").token("not.a.jwt").send(), "access token is not valid");
        assertRefused(api.get("/api/v1/auth/me").token("x".repeat(7_000)).send(), "access token is not valid");
    }

    @Test
    void theGatewaysVerifier_acceptsRealTokens_throughThePublishedJwks() {
        RemoteJwks jwks = new RemoteJwks(
                URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json"),
                HttpClient.newHttpClient(),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Clock.systemUTC());
        AccessTokenVerifier verifier =
                new AccessTokenVerifier(jwks, "shopwatch-auth", "shopwatch", Duration.ofSeconds(30), clock);

        Identity identity = verifier.verify(adminToken());

        assertThat(identity.subject()).isEqualTo(ADMIN);
        assertThat(identity.org()).isEqualTo("default");
        assertThat(identity.roles()).containsExactly(Role.ADMIN);
        assertThat(identity.kind()).isEqualTo(AuthKind.USER);
        assertThat(identity.platformAdmin()).isTrue();
    }

    @Test
    void jwks_isPublicAndCacheable() {
        Api.Response response = api.get("/.well-known/jwks.json").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("max-age=60");
        JsonNode key = response.json().path("keys").get(0);
        assertThat(key.path("kty").asString()).isEqualTo("RSA");
        assertThat(key.path("alg").asString()).isEqualTo("RS256");
        assertThat(key.path("use").asString()).isEqualTo("sig");
        assertThat(key.path("kid").asString()).isNotBlank();
        assertThat(key.has("d")).as("never the private exponent").isFalse();
        assertThat(response.body()).doesNotContain("\"p\"", "\"q\"", "\"dp\"");
    }

    private Map<String, Object> validClaims() {
        Instant now = clock.instant();
        return Map.of(
                "iss",
                "shopwatch-auth",
                "aud",
                List.of("shopwatch"),
                "sub",
                ADMIN,
                "org",
                "default",
                "roles",
                List.of("admin"),
                "kind",
                "user",
                "iat",
                now.getEpochSecond(),
                "exp",
                now.plusSeconds(120).getEpochSecond(),
                "jti",
                "hand-made");
    }

    /** A token signed with the real signing key, changed by {@code change}. */
    private String signed(Consumer<io.jsonwebtoken.JwtBuilder> change) {
        io.jsonwebtoken.JwtBuilder builder =
                Jwts.builder().header().keyId(keys.active().kid()).and().claims(validClaims());
        change.accept(builder);
        return builder.signWith(keys.active().privateKey(), Jwts.SIG.RS256).compact();
    }

    private String signedWithout(String claim) {
        Map<String, Object> claims = new java.util.HashMap<>(validClaims());
        claims.remove(claim);
        return Jwts.builder()
                .header()
                .keyId(keys.active().kid())
                .and()
                .claims(claims)
                .issuedAt(Date.from(clock.instant()))
                .signWith(keys.active().privateKey(), Jwts.SIG.RS256)
                .compact();
    }

    private static void assertRefused(Api.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("https://shopwatch.io/problems/unauthorized");
        assertThat(response.json().path("detail").asString()).startsWith(detail);
        assertThat(response.json().path("instance").asString()).isEqualTo("/api/v1/auth/me");
    }

    /** The refusal is in the audit log with its reason (told apart from other tests' refusals by the client address). */
    private void assertDenialAudited(String token, String reason) {
        String ip = freshIp();
        api.get("/api/v1/auth/me").token(token).from(ip).send();
        List<JsonNode> denied = audit("action=request.denied&outcome=denied");
        assertThat(denied)
                .filteredOn(event -> ip.equals(event.path("ip").asString()))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.path("details").path("reason").asString()).isEqualTo(reason);
                    assertThat(event.path("details").path("status").asInt()).isEqualTo(401);
                    assertThat(event.path("details").path("path").asString()).isEqualTo("/api/v1/auth/me");
                    assertThat(event.path("actor_kind").asString()).isEqualTo("anonymous");
                });
    }
}
