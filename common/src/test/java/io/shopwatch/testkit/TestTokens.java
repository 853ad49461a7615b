package io.shopwatch.testkit;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.TokenClaims;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Access tokens for tests, signed like auth-service's: an RSA key pair, its JWK set served by a JDK HTTP server on a
 * free loopback port, and tokens for any org and roles. One shared instance per JVM ({@link #shared()}); a service
 * test points its verifier at it with {@link #register(DynamicPropertyRegistry)} from a {@code @DynamicPropertySource}.
 */
public final class TestTokens {

    public static final String ISSUER = "shopwatch-auth";
    public static final String AUDIENCE = "shopwatch";
    public static final String KID = "test-key-1";

    private static TestTokens shared;

    private final KeyPair keys = rsa();
    private final KeyPair otherKeys = rsa();
    private final HttpServer server;

    private TestTokens() {
        String jwks = "{\"keys\":["
                + Jwks.json(Jwks.builder()
                        .key((RSAPublicKey) keys.getPublic())
                        .id(KID)
                        .build()) + "]}";
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The instance shared by every test of this JVM (started on first use, stopped with the JVM). */
    public static synchronized TestTokens shared() {
        if (shared == null) {
            shared = new TestTokens();
        }
        return shared;
    }

    /** The JWK set URL, e.g. {@code http://127.0.0.1:40123/.well-known/jwks.json}. */
    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** Points {@code shopwatch.security.jwks-url} (every service's verifier) at this key set. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("shopwatch.security.jwks-url", () -> shared().jwksUrl());
    }

    /** A valid 5-minute user token of {@code subject} in {@code org}. */
    public String token(String subject, String org, Role... roles) {
        return builder(subject, org, roles).sign();
    }

    /** A valid user token of {@code user@org} with the roles. */
    public String token(String org, Role... roles) {
        return token("user@" + org, org, roles);
    }

    /** A token to adjust before signing. */
    public Builder builder(String subject, String org, Role... roles) {
        return new Builder(subject, org, List.of(roles));
    }

    /** A token of one user with every field settable; {@link #sign()} signs it with the published key. */
    public final class Builder {
        private final String subject;
        private final String org;
        private final List<Role> roles;
        private AuthKind kind = AuthKind.USER;
        private boolean platformAdmin;
        private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5));
        private String issuer = ISSUER;

        private Builder(String subject, String org, List<Role> roles) {
            this.subject = subject;
            this.org = org;
            this.roles = roles;
        }

        public Builder kind(AuthKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder platformAdmin() {
            this.platformAdmin = true;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Signed with the published key: accepted unless a claim says otherwise. */
        public String sign() {
            return sign(keys, KID);
        }

        /** Signed with a key that is not published, under the published key id: a bad signature. */
        public String signWithUnpublishedKey() {
            return sign(otherKeys, KID);
        }

        /** The same claims with {@code alg: none} and no signature. */
        public String unsigned() {
            String header = base64("{\"alg\":\"none\",\"kid\":\"" + KID + "\"}");
            String signed = sign();
            return header + "." + signed.split("\\.")[1] + ".";
        }

        private String sign(KeyPair pair, String kid) {
            Instant issuedAt = expiresAt.minus(Duration.ofMinutes(5));
            var jwt = Jwts.builder()
                    .header()
                    .keyId(kid)
                    .and()
                    .issuer(issuer)
                    .audience()
                    .add(AUDIENCE)
                    .and()
                    .subject(subject)
                    .id(UUID.randomUUID().toString())
                    .issuedAt(Date.from(issuedAt))
                    .notBefore(Date.from(issuedAt))
                    .expiration(Date.from(expiresAt))
                    .claim(TokenClaims.ORG, org)
                    .claim(TokenClaims.ROLES, roles.stream().map(Role::id).toList())
                    .claim(TokenClaims.KIND, kind.id());
            if (platformAdmin) {
                jwt.claim(TokenClaims.PLATFORM_ADMIN, true);
            }
            return jwt.signWith(pair.getPrivate(), Jwts.SIG.RS256).compact();
        }
    }

    /** An expired token. */
    public String expired(String org, Role... roles) {
        return builder("user@" + org, org, roles)
                .expiresAt(Instant.now().minus(Duration.ofMinutes(10)))
                .sign();
    }

    /** Roles as ids, for assertions. */
    public static List<String> ids(Role... roles) {
        return Arrays.stream(roles).map(Role::id).toList();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
