package io.shopwatch.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.security.Jwks;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the gateway and the services keep the JWK set: cached, refetched for a new kid at a bounded rate. */
class RemoteJwksTest {

    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private final MovableClock clock = new MovableClock();
    private RemoteJwks jwks;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        jwks = new RemoteJwks(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json"),
                HttpClient.newHttpClient(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void find_fetchesOnce_thenServesFromTheCache() {
        body.set(set(key("k1")));

        assertThat(jwks.find("k1")).isPresent();
        assertThat(jwks.find("k1")).isPresent();
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void find_refetchesForANewKid_atMostOncePerInterval() {
        body.set(set(key("k1")));
        jwks.find("k1");
        body.set(set(key("k1"), key("k2")));

        assertThat(jwks.find("nope")).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(jwks.find("k2")).isPresent();
        assertThat(jwks.find("nope")).isEmpty();
        assertThat(jwks.find("nope")).isEmpty();

        assertThat(fetches.get())
                .as("one initial fetch, one after the interval")
                .isEqualTo(2);
    }

    @Test
    void find_keepsTheKnownKeys_whenAFetchFails() {
        body.set(set(key("k1")));
        jwks.find("k1");
        status.set(500);
        clock.advance(Duration.ofMinutes(6));

        assertThat(jwks.find("k1")).as("stale but still usable").isPresent();
    }

    private static String key(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
            return Jwks.json(Jwks.builder().key(key).id(kid).algorithm("RS256").build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String set(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    /** A clock this test moves. */
    static final class MovableClock extends java.time.Clock {
        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
