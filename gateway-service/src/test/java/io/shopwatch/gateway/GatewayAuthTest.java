package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Authentication and authorization at the gateway, against real HTTP services: a fake auth-service (API-key exchange
 * and the audit endpoint for denied requests) and recording services, tokens signed by {@link TestTokens}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.gateway.auth.internal-secret=" + GatewayAuthTest.SECRET,
            "shopwatch.gateway.auth.open-observe-user=platform@shopwatch.io",
            "shopwatch.gateway.auth.open-observe-password=platform-secret",
            "shopwatch.gateway.auth.api-key-negative-ttl=1m",
            "shopwatch.gateway.auth.denied-reports.interval=100ms",
            "shopwatch.gateway.rate-limit.enabled=false"
        })
@AutoConfigureWebTestClient(timeout = "30s")
class GatewayAuthTest {

    static final String SECRET = "test-internal-secret-of-at-least-32-chars";
    private static final String PROBLEMS = "https://shopwatch.io/problems/";
    private static final TestTokens TOKENS = TestTokens.shared();

    /** API keys the fake auth-service knows, and the token it answers for each. */
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    private static final AtomicBoolean AUTH_DOWN = new AtomicBoolean();

    private static final RecordingServer AUTH = RecordingServer.start("auth").respondWith((exchange, request) -> {
        if (request.uri().startsWith("/internal/") && !SECRET.equals(request.header("X-ShopWatch-Internal-Secret"))) {
            RecordingServer.send(exchange, 401, "application/problem+json", "{}");
        } else if (request.uri().equals("/internal/v1/api-keys/verify")) {
            if (AUTH_DOWN.get()) {
                RecordingServer.send(exchange, 503, "application/problem+json", "{}");
                return;
            }
            String key = request.bodyText().replaceAll(".*\"key\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            String token = KEYS.get(key);
            if (token == null) {
                RecordingServer.send(exchange, 401, "application/problem+json", "{\"status\":401}");
            } else {
                RecordingServer.send(
                        exchange,
                        200,
                        "application/json",
                        "{\"subject\":\"apikey:k1\",\"org\":\"shop-a\",\"roles\":[\"ingest\"],\"kind\":\"api_key\","
                                + "\"key_id\":\"k1\",\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\","
                                + "\"expires_in\":60,\"cache_ttl_seconds\":1}");
            }
        } else {
            RecordingServer.send(exchange, 200, "application/json", "{\"service\":\"auth\"}");
        }
    });

    private static final RecordingServer LOGGING = RecordingServer.start("logging");
    private static final RecordingServer CONFIG = RecordingServer.start("config");
    private static final RecordingServer ALERT = RecordingServer.start("alert");
    private static final RecordingServer OPENOBSERVE = RecordingServer.start("openobserve");
    private static final RecordingServer DASHBOARD = RecordingServer.start("dashboard");

    @Autowired
    private WebTestClient client;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("shopwatch.gateway.auth.jwks-url", TOKENS::jwksUrl);
        registry.add("shopwatch.gateway.services.auth", AUTH::url);
        registry.add("shopwatch.gateway.services.logging", LOGGING::url);
        registry.add("shopwatch.gateway.services.config", CONFIG::url);
        registry.add("shopwatch.gateway.services.alert", ALERT::url);
        registry.add("shopwatch.gateway.services.openobserve", OPENOBSERVE::url);
        // the query frontend speaks OpenObserve's API and gets the same credentials: one server stands for both here
        registry.add("shopwatch.gateway.services.query-frontend", OPENOBSERVE::url);
        registry.add("shopwatch.gateway.services.dashboard", DASHBOARD::url);
    }

    @AfterAll
    static void stop() {
        List.of(AUTH, LOGGING, CONFIG, ALERT, OPENOBSERVE, DASHBOARD).forEach(RecordingServer::close);
    }

    private WebTestClient.ResponseSpec call(String method, String uri, String authorization, String requestId) {
        WebTestClient.RequestBodySpec request =
                client.method(HttpMethod.valueOf(method)).uri(uri).header("X-Request-Id", requestId);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, int status, String type) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + type);
    }

    private static RecordingServer.Received only(RecordingServer server, String requestId) {
        List<RecordingServer.Received> matching = server.received().stream()
                .filter(r -> requestId.equals(r.header("X-Request-Id")))
                .toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static boolean reached(RecordingServer server, String requestId) {
        return server.received().stream().anyMatch(r -> requestId.equals(r.header("X-Request-Id")));
    }

    @Test
    void noCredentials_answers401Problem_andNothingReachesTheService() {
        expectProblem(call("GET", "/api/v1/logs/_search", null, "no-creds"), 401, "unauthorized");

        assertThat(reached(LOGGING, "no-creds")).isFalse();
    }

    @Test
    void publicRoutes_needNoCredentials() {
        call("POST", "/api/v1/auth/login", null, "login").expectStatus().isOk();
        call("GET", "/.well-known/jwks.json", null, "jwks").expectStatus().isOk();
    }

    @Test
    void console_isServedByDashboardServiceWithoutCredentials_itsApiStillNeedsAToken() {
        for (String path : List.of("/", "/index.html", "/assets/index-3f2a.js")) {
            String id = "console-" + path.length();
            client.get()
                    .uri(path)
                    .header("X-Request-Id", id)
                    .exchange()
                    .expectStatus()
                    .isOk();
            assertThat(only(DASHBOARD, id).uri()).isEqualTo(path);
        }

        expectProblem(call("GET", "/api/v1/dashboards", null, "console-api"), 401, "unauthorized");
        assertThat(reached(DASHBOARD, "console-api")).isFalse();
        // only reads of the console are routed: a POST to / has no route (and would need a token)
        call("POST", "/", null, "console-post").expectStatus().isNotFound();
        assertThat(reached(DASHBOARD, "console-post")).isFalse();
    }

    @Test
    void validToken_isForwardedAsBearer_withSpoofedIdentityHeadersStripped() {
        String token = TOKENS.token("alice", "shop-a", Role.VIEWER);
        client.get()
                .uri("/api/v1/logs/_search")
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "spoof")
                .header("X-ShopWatch-Org", "shop-b")
                .header("X-ShopWatch-User", "root")
                .header("X-ShopWatch-Roles", "admin")
                .header("X-ShopWatch-Identity-Platform-Admin", "true")
                .header("X-ShopWatch-Subject", "root")
                .header("X-ShopWatch-Auth-Kind", "user")
                .header("X-ShopWatch-Internal-Secret", "guess")
                .exchange()
                .expectStatus()
                .isOk();

        RecordingServer.Received received = only(LOGGING, "spoof");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.headers().get("X-ShopWatch-Org")).containsExactly("shop-a");
        assertThat(received.headers().get("X-ShopWatch-User")).containsExactly("alice");
        assertThat(received.headers().get("X-ShopWatch-Roles")).containsExactly("viewer");
        assertThat(received.hasHeader("X-ShopWatch-Identity-Platform-Admin")).isFalse();
        assertThat(received.hasHeader("X-ShopWatch-Subject")).isFalse();
        assertThat(received.hasHeader("X-ShopWatch-Auth-Kind")).isFalse();
        assertThat(received.hasHeader("X-ShopWatch-Internal-Secret")).isFalse();
    }

    @Test
    void spoofedHeadersWithoutToken_areRefused() {
        client.get()
                .uri("/api/v1/logs/_search")
                .header("X-Request-Id", "spoof-only")
                .header("X-ShopWatch-Org", "shop-a")
                .header("X-ShopWatch-User", "root")
                .header("X-ShopWatch-Roles", "admin")
                .exchange()
                .expectStatus()
                .isUnauthorized();

        assertThat(reached(LOGGING, "spoof-only")).isFalse();
    }

    @Test
    void expiredTamperedUnsignedAndForeignTokens_answer401() {
        String valid = TOKENS.token("shop-a", Role.ADMIN);
        String[] parts = valid.split("\\.");
        String tamperedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("shop-a", "shop-b")
                        .getBytes(StandardCharsets.UTF_8));
        List<String> refused = List.of(
                TOKENS.expired("shop-a", Role.ADMIN),
                parts[0] + "." + tamperedPayload + "." + parts[2],
                TOKENS.builder("x", "shop-a", Role.ADMIN).unsigned(),
                TOKENS.builder("x", "shop-a", Role.ADMIN).signWithUnpublishedKey(),
                TOKENS.builder("x", "shop-a", Role.ADMIN).issuer("someone-else").sign(),
                "not-a-token");
        for (int i = 0; i < refused.size(); i++) {
            expectProblem(
                    call("GET", "/api/v1/logs/_search", "Bearer " + refused.get(i), "bad-" + i), 401, "unauthorized");
            assertThat(reached(LOGGING, "bad-" + i)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
        // ingest may only post telemetry
        "ingest, POST, /api/v1/logs, 200",
        "ingest, POST, /api/v1/events, 200",
        "ingest, GET, /api/v1/logs/_search, 403",
        "ingest, POST, /api/v1/alerts/rules, 403",
        "ingest, PUT, /api/v1/config/platform, 403",
        // viewer reads
        "viewer, GET, /api/v1/logs/_search, 200",
        "viewer, GET, /api/v1/alerts/rules, 200",
        "viewer, POST, /api/v1/logs, 403",
        "viewer, POST, /api/v1/alerts/rules, 403",
        "viewer, POST, /api/v2/silences, 403",
        // operator manages alerts, dashboards, silences
        "operator, POST, /api/v1/alerts/rules, 200",
        "operator, POST, /api/v2/silences, 200",
        "operator, PUT, /api/v1/config/platform, 403",
        "operator, POST, /api/v1/orgs/shop-a/api-keys, 403",
        // admin manages config, keys, users
        "admin, PUT, /api/v1/config/platform, 200",
        "admin, POST, /api/v1/orgs/shop-a/api-keys, 200",
        "admin, GET, /api/v1/audit, 200",
        "operator, GET, /api/v1/audit, 403",
    })
    void roles_areAllowedAndRefusedPerRoute(String role, String method, String uri, int status) {
        String token = TOKENS.token("shop-a", Role.fromId(role).orElseThrow());
        String id = "role-" + role + "-" + method + "-" + Math.abs(uri.hashCode());
        WebTestClient.ResponseSpec response = call(method, uri, "Bearer " + token, id);
        if (status == 403) {
            expectProblem(response, 403, "forbidden");
        } else {
            response.expectStatus().isEqualTo(status);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "POST, /api/shop-b/_search",
        "GET, /api/shop-b/streams",
        "POST, /api/shop-b/logs/_json",
        "GET, /api/v1/orgs/shop-b/users",
        "POST, /api/v1/orgs/shop-b/api-keys",
        "DELETE, /api/v1/orgs/shop-b/api-keys/k1",
    })
    void otherOrg_isRefusedWith403(String method, String uri) {
        String token = TOKENS.token("shop-a", Role.ADMIN);
        String id = "cross-" + method + "-" + Math.abs(uri.hashCode());

        expectProblem(call(method, uri, "Bearer " + token, id), 403, "forbidden");
        assertThat(reached(OPENOBSERVE, id) || reached(AUTH, id)).isFalse();
    }

    @Test
    void ownOrgOpenObserveRequest_isSentWithPlatformCredentials_notTheUsers() {
        String token = TOKENS.token("shop-a", Role.VIEWER);

        call("POST", "/api/shop-a/_search?type=logs", "Bearer " + token, "own-org")
                .expectStatus()
                .isOk();

        RecordingServer.Received received = only(OPENOBSERVE, "own-org");
        String basic = Base64.getEncoder()
                .encodeToString("platform@shopwatch.io:platform-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(received.header("Authorization")).isEqualTo("Basic " + basic);
        assertThat(received.uri()).isEqualTo("/api/shop-a/_search?type=logs");
    }

    @Test
    void shipperWrites_goToLoggingService_withTheCallersToken_neverToTheStore() {
        String key = "swk_shipshipship_" + "d".repeat(43);
        KEYS.put(
                key,
                TOKENS.builder("apikey:k1", "shop-a", Role.INGEST)
                        .kind(AuthKind.API_KEY)
                        .sign());
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("shop-a:" + key).getBytes(StandardCharsets.UTF_8));

        // Fluent Bit / Vector: the key as the Basic password
        call("POST", "/api/shop-a/checkout/_json", basic, "ship-basic")
                .expectStatus()
                .isOk();
        call("POST", "/api/shop-a/_bulk", "Bearer " + key, "ship-bearer")
                .expectStatus()
                .isOk();
        // an admin's write goes the same way, with the admin's token, not the platform's store credentials
        String admin = TOKENS.token("shop-a", Role.ADMIN);
        call("POST", "/api/shop-a/checkout/_multi", "Bearer " + admin, "ship-admin")
                .expectStatus()
                .isOk();

        assertThat(only(LOGGING, "ship-basic").header("Authorization")).isEqualTo("Bearer " + KEYS.get(key));
        assertThat(only(LOGGING, "ship-basic").uri()).isEqualTo("/api/shop-a/checkout/_json");
        assertThat(only(LOGGING, "ship-bearer").header("Authorization")).isEqualTo("Bearer " + KEYS.get(key));
        assertThat(only(LOGGING, "ship-admin").header("Authorization")).isEqualTo("Bearer " + admin);
        assertThat(reached(OPENOBSERVE, "ship-basic")
                        || reached(OPENOBSERVE, "ship-bearer")
                        || reached(OPENOBSERVE, "ship-admin"))
                .isFalse();

        // the key's org only, and the key still reads nothing
        expectProblem(call("POST", "/api/shop-b/checkout/_json", basic, "ship-other-org"), 403, "forbidden");
        expectProblem(call("POST", "/api/shop-a/_search", basic, "ship-read"), 403, "forbidden");
        // a Basic password that is not an API key is never taken
        String password =
                "Basic " + Base64.getEncoder().encodeToString("root@x:secret".getBytes(StandardCharsets.UTF_8));
        expectProblem(call("POST", "/api/shop-a/checkout/_json", password, "ship-password"), 401, "unauthorized");
    }

    @Test
    void platformAdmin_mayReachAnyOrg() {
        String token =
                TOKENS.builder("root", "default", Role.ADMIN).platformAdmin().sign();

        call("POST", "/api/shop-b/_search", "Bearer " + token, "platform")
                .expectStatus()
                .isOk();
    }

    @Test
    void internalEndpoints_areNeverRouted() {
        String token =
                TOKENS.builder("root", "default", Role.ADMIN).platformAdmin().sign();

        expectProblem(call("POST", "/internal/v1/api-keys/verify", "Bearer " + token, "internal"), 404, "not-found");
        assertThat(reached(AUTH, "internal")).isFalse();
    }

    @Test
    void apiKey_isExchangedCachedAndRevokedWithinTheCacheTime() {
        String key = "swk_k1k1k1k1k1k1_" + "a".repeat(43);
        KEYS.put(
                key,
                TOKENS.builder("apikey:k1", "shop-a", Role.INGEST)
                        .kind(AuthKind.API_KEY)
                        .sign());
        String token = KEYS.get(key);

        client.post()
                .uri("/api/v1/logs")
                .header("X-API-Key", key)
                .header("X-Request-Id", "key-1")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();
        call("POST", "/api/v1/events", "Bearer " + key, "key-2").expectStatus().isOk();

        assertThat(AUTH.received("/internal/v1/api-keys/verify"))
                .filteredOn(r -> r.bodyText().contains(key))
                .hasSize(1);
        RecordingServer.Received forwarded = only(LOGGING, "key-1");
        assertThat(forwarded.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(forwarded.hasHeader("X-API-Key")).isFalse();
        assertThat(only(LOGGING, "key-2").header("Authorization")).isEqualTo("Bearer " + token);
        // the key's role still applies
        expectProblem(call("GET", "/api/v1/logs/_search", "Bearer " + key, "key-read"), 403, "forbidden");

        KEYS.remove(key);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> call("POST", "/api/v1/logs", "Bearer " + key, "key-after-revoke")
                        .expectStatus()
                        .isUnauthorized());
    }

    @Test
    void unknownApiKey_answers401_andIsRememberedBriefly() {
        String key = "swk_unknownunkno_" + "b".repeat(43);

        expectProblem(call("POST", "/api/v1/logs", "Bearer " + key, "unknown-1"), 401, "unauthorized");
        expectProblem(call("POST", "/api/v1/logs", "Bearer " + key, "unknown-2"), 401, "unauthorized");

        assertThat(AUTH.received("/internal/v1/api-keys/verify"))
                .filteredOn(r -> r.bodyText().contains(key))
                .hasSize(1);
    }

    @Test
    void authServiceDown_apiKeysFailClosedWith503_tokensStillVerify() {
        String key = "swk_downdowndown_" + "c".repeat(43);
        KEYS.put(
                key,
                TOKENS.builder("apikey:k2", "shop-a", Role.INGEST)
                        .kind(AuthKind.API_KEY)
                        .sign());
        AUTH_DOWN.set(true);
        try {
            expectProblem(call("POST", "/api/v1/logs", "Bearer " + key, "down-key"), 503, "unavailable");
            call("GET", "/api/v1/logs/_search", "Bearer " + TOKENS.token("shop-a", Role.VIEWER), "down-jwt")
                    .expectStatus()
                    .isOk();
        } finally {
            AUTH_DOWN.set(false);
        }
        assertThat(reached(LOGGING, "down-key")).isFalse();
    }

    @Test
    void deniedRequests_areReportedToTheAuditLog() {
        String token = TOKENS.token("mallory", "shop-a", Role.VIEWER);
        expectProblem(call("POST", "/api/shop-b/_search", "Bearer " + token, "report-403"), 403, "forbidden");
        expectProblem(call("GET", "/api/v1/logs/_search", null, "report-401"), 401, "unauthorized");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String reports = AUTH.received("/internal/v1/audit/denied").stream()
                    .peek(r ->
                            assertThat(r.header("X-ShopWatch-Internal-Secret")).isEqualTo(SECRET))
                    .map(RecordingServer.Received::bodyText)
                    .reduce("", String::concat);
            assertThat(reports)
                    .contains("\"request_id\":\"report-403\"", "\"status\":403", "\"reason\":\"other_org\"")
                    .contains("\"subject\":\"mallory\"", "\"org\":\"shop-a\"", "\"path\":\"/api/shop-b/_search\"")
                    .contains("\"request_id\":\"report-401\"", "\"reason\":\"missing_credentials\"");
        });
    }
}
