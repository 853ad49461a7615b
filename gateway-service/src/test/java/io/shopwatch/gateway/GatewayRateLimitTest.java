package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.RemoteJwks;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Per-client rate limits: a client that has spent its bucket gets 429 problem+json until it refills.
 *
 * <p>The gateway's JWK set is fetched before the requests, with a generous timeout: left to the first request, the
 * fetch is bounded by the 2 s default {@code jwks-timeout}, which a loaded machine can exceed (then the token cannot
 * be verified, the request gets 401, and the next fetch is not tried before {@code jwks-min-refetch-interval}).
 * Token verification against a slow or failing JWK set is tested in common ({@code RemoteJwksTest}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.gateway.rate-limit.capacity=3",
            "shopwatch.gateway.rate-limit.refill-tokens=1",
            "shopwatch.gateway.rate-limit.refill-period=1h",
            "shopwatch.gateway.auth.jwks-timeout=30s"
        })
@AutoConfigureWebTestClient(timeout = "30s")
class GatewayRateLimitTest {

    private static final RecordingServer LOGGING = RecordingServer.start("logging");

    private static final String TOKEN = TestTokens.shared().token("shop-a", Role.OPERATOR);

    @Autowired
    private WebTestClient client;

    @Autowired
    private RemoteJwks jwks;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add(
                "shopwatch.gateway.auth.jwks-url", () -> TestTokens.shared().jwksUrl());
        registry.add("shopwatch.gateway.auth.denied-reports.enabled", () -> "false");
        registry.add("shopwatch.gateway.services.logging", LOGGING::url);
    }

    @AfterAll
    static void stop() {
        LOGGING.close();
    }

    @BeforeEach
    void jwksFetched() {
        assertThat(jwks.refresh()).isEqualTo(RemoteJwks.Outcome.OK);
    }

    @Test
    void client_overItsCapacity_getsTooManyRequestsProblem() {
        for (int i = 0; i < 3; i++) {
            client.post()
                    .uri("/api/v1/logs/_bulk?n=" + i)
                    .header("Authorization", "Bearer " + TOKEN)
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-RateLimit-Remaining", Integer.toString(2 - i));
        }

        client.post()
                .uri("/api/v1/logs/_bulk?n=refused")
                .header("Authorization", "Bearer " + TOKEN)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("Retry-After", "3600")
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://shopwatch.io/problems/rate-limited")
                .jsonPath("$.status")
                .isEqualTo(429)
                .jsonPath("$.route")
                .isEqualTo("logging")
                .jsonPath("$.detail")
                .isEqualTo("too many requests from this client; allowed: 3 at once, 1 more every 1h")
                .jsonPath("$.instance")
                .isEqualTo("/api/v1/logs/_bulk");

        assertThat(LOGGING.received()).hasSize(3);
        assertThat(LOGGING.received("/api/v1/logs/_bulk?n=refused")).isEmpty();

        // Health and metrics are not routes: never rate limited.
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
