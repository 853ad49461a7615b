package io.shopwatch.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.RemoteJwks;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link ApiKeyExchange} against a real HTTP fake of auth-service's {@code /internal/v1/api-keys/verify} that can be
 * held back: one call per key at a time, and a busy key exchanged again before its cache time ends.
 */
class ApiKeyExchangeTest {

    private static final TestTokens TOKENS = TestTokens.shared();
    private static final String KEY = "swk_exchangetest_" + "d".repeat(43);

    private final AtomicInteger calls = new AtomicInteger();
    /** Calls after the first wait for this latch. */
    private final CountDownLatch release = new CountDownLatch(1);

    private volatile boolean holdFirst;
    private volatile long cacheTtlSeconds = 10;
    private HttpServer auth;

    @BeforeEach
    void startAuth() throws IOException {
        auth = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        auth.setExecutor(Executors.newCachedThreadPool());
        auth.createContext("/internal/v1/api-keys/verify", exchange -> {
            try (exchange) {
                try (InputStream in = exchange.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                int call = calls.incrementAndGet();
                if (call > 1 || holdFirst) {
                    release.await(10, TimeUnit.SECONDS);
                }
                String token = TOKENS.builder("apikey:k9", "shop-a", Role.INGEST)
                        .kind(AuthKind.API_KEY)
                        .sign();
                byte[] body = ("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                                + "\"cache_ttl_seconds\":" + cacheTtlSeconds + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        auth.start();
    }

    @AfterEach
    void stopAuth() {
        release.countDown();
        auth.stop(0);
    }

    private ApiKeyExchange exchange(Duration refreshAhead) {
        URI authUrl = URI.create("http://127.0.0.1:" + auth.getAddress().getPort());
        GatewayAuthProperties properties = new GatewayAuthProperties(
                true,
                authUrl,
                "test-internal-secret",
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                refreshAhead,
                100,
                100,
                "",
                "",
                new GatewayAuthProperties.DeniedReports(false, 10, 10, Duration.ofSeconds(1)));
        RemoteJwks jwks = new RemoteJwks(
                URI.create(TOKENS.jwksUrl()),
                HttpClient.newHttpClient(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                Clock.systemUTC());
        AccessTokenVerifier verifier = new AccessTokenVerifier(
                jwks, TestTokens.ISSUER, TestTokens.AUDIENCE, Duration.ofSeconds(30), Clock.systemUTC());
        return new ApiKeyExchange(WebClient.builder(), verifier, properties, new SimpleMeterRegistry());
    }

    @Test
    void exchange_concurrentRequestsForAnUncachedKey_shareOneCallToAuthService() {
        holdFirst = true;
        ApiKeyExchange exchange = exchange(Duration.ofSeconds(3));
        List<CompletableFuture<ApiKeyExchange.Exchanged>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(exchange.exchange(KEY).toFuture());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
        release.countDown();

        List<String> tokens =
                waiting.stream().map(f -> f.join().accessToken()).distinct().toList();
        assertThat(tokens).hasSize(1);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void exchange_keyNearTheEndOfItsCacheTime_isExchangedAgainWhileTheCachedAnswerServes() {
        cacheTtlSeconds = 4;
        // due for a refresh once less than 3.5 s of its 4 s are left; the refresh call is held back
        ApiKeyExchange exchange = exchange(Duration.ofMillis(3500));
        String first = exchange.exchange(KEY).block(Duration.ofSeconds(10)).accessToken();

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    // answered from the cache, never waiting for the held-back call
                    assertThat(exchange.exchange(KEY)
                                    .block(Duration.ofMillis(500))
                                    .accessToken())
                            .isEqualTo(first);
                    assertThat(calls.get()).isEqualTo(2);
                });
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        exchange.exchange(KEY).block(Duration.ofSeconds(1)).accessToken())
                .isNotEqualTo(first));
    }

    @Test
    void exchange_keyCachedNoLongerThanTheRefreshWindow_isNotExchangedAhead() {
        cacheTtlSeconds = 1;
        ApiKeyExchange exchange = exchange(Duration.ofSeconds(3));
        String first = exchange.exchange(KEY).block(Duration.ofSeconds(10)).accessToken();

        assertThat(exchange.exchange(KEY).block(Duration.ofSeconds(1)).accessToken())
                .isEqualTo(first);
        assertThat(calls.get()).isEqualTo(1);
    }
}
