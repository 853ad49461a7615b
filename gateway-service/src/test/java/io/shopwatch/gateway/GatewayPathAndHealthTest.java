package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.PathAttacks;
import io.shopwatch.testkit.RawHttp;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's path firewall and the health details, against real HTTP services, with raw HTTP requests that no
 * client normalises: a viewer of one org reaches nothing of another org through any dot-segment or encoding trick, and
 * {@code /health/{service}} shows details to admins only.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.gateway.auth.denied-reports.enabled=false",
            "shopwatch.gateway.rate-limit.enabled=false"
        })
class GatewayPathAndHealthTest {

    private static final String PROBLEMS = "https://shopwatch.io/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestTokens TOKENS = TestTokens.shared();

    /** A health document with the details that must not leak. */
    private static final String HEALTH = "{\"status\":\"UP\",\"components\":{\"diskSpace\":{\"status\":\"UP\","
            + "\"details\":{\"path\":\"/srv/shopwatch/secret\"}},\"kafka\":{\"status\":\"UP\","
            + "\"details\":{\"clusterId\":\"k-cluster-42\"}}}}";

    private static final RecordingServer OPENOBSERVE = RecordingServer.start("openobserve");

    private static final RecordingServer LOGGING = RecordingServer.start("logging")
            .respondWith((exchange, request) ->
                    RecordingServer.send(exchange, 200, "application/vnd.spring-boot.actuator.v3+json", HEALTH));

    private static final RecordingServer METRICS = RecordingServer.start("metrics")
            .respondWith((exchange, request) -> RecordingServer.send(
                    exchange,
                    503,
                    "application/vnd.spring-boot.actuator.v3+json",
                    "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"DOWN\","
                            + "\"details\":{\"error\":\"FATAL: password authentication failed\"}}}}"));

    /** A port that is bound but not listening: connecting to it is refused, whatever else runs on this machine. */
    private static final Socket CLOSED_PORT = reservePort();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("shopwatch.gateway.auth.jwks-url", TOKENS::jwksUrl);
        registry.add("shopwatch.gateway.services.openobserve", OPENOBSERVE::url);
        // OpenObserve's reads go to the query frontend, which speaks the same API: one server stands for both here
        registry.add("shopwatch.gateway.services.query-frontend", OPENOBSERVE::url);
        registry.add("shopwatch.gateway.services.logging", LOGGING::url);
        registry.add("shopwatch.gateway.services.metrics", METRICS::url);
        registry.add("shopwatch.gateway.services.backup", () -> "http://127.0.0.1:" + CLOSED_PORT.getLocalPort());
    }

    private static Socket reservePort() {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        List.of(OPENOBSERVE, LOGGING, METRICS).forEach(RecordingServer::close);
        CLOSED_PORT.close();
    }

    private static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    private static String viewerOfA() {
        return bearer(TOKENS.token("vera", "shop-a", Role.VIEWER));
    }

    private static JsonNode problem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        return JSON.readTree(answer.body());
    }

    @Test
    void ownOrg_isForwarded_andOtherOrg_isForbidden() {
        RawHttp.Answer own = RawHttp.send(port, "GET", "/api/shop-a/_search", viewerOfA(), "X-Request-Id: own-org");
        RawHttp.Answer other = RawHttp.send(port, "GET", "/api/shop-b/_search", viewerOfA());

        assertThat(own.status()).isEqualTo(200);
        assertThat(problem(other, 403).get("type").asString()).isEqualTo(PROBLEMS + "forbidden");
        assertThat(OPENOBSERVE.received("/api/shop-b")).isEmpty();
    }

    @Test
    void crossOrgPaths_areRefusedWith400Problem_andNothingIsForwarded() {
        for (String method : List.of("GET", "POST")) {
            for (String path : PathAttacks.crossOrgSearch("shop-a", "shop-b")) {
                RawHttp.Answer answer = RawHttp.send(port, method, path, viewerOfA(), "Content-Length: 0");

                JsonNode body = problem(answer, 400);
                assertThat(body.get("type").asString()).as(method + " " + path).isEqualTo(PROBLEMS + "path-refused");
                assertThat(body.get("detail").asString()).as(path).startsWith("the request path contains ");
                assertThat(answer.header("X-Request-Id")).isNotBlank();
            }
        }
        assertThat(OPENOBSERVE.received()).noneMatch(r -> r.uri().contains("shop-b"));
    }

    @Test
    void dotSegment_problemNamesTheSegment() {
        JsonNode body = problem(RawHttp.send(port, "GET", "/api/shop-a/.%2E/shop-b/_search", viewerOfA()), 400);

        assertThat(body.get("detail").asString()).isEqualTo("the request path contains a dot segment (.%2E)");
        assertThat(body.get("instance").asString()).isEqualTo("/api/shop-a/.%2E/shop-b/_search");
    }

    @Test
    void refusedPaths_areRefusedEvenOnPublicRoutes() {
        problem(RawHttp.send(port, "GET", "/health/../api/shop-b/_search"), 400);
        problem(RawHttp.send(port, "GET", "/api/v1/auth/login/..%2F..%2Fshop-b"), 400);

        assertThat(OPENOBSERVE.received()).noneMatch(r -> r.uri().contains("shop-b"));
    }

    @Test
    void health_anonymous_getsTheStatusOnly_andNoCredentialIsForwarded() {
        RawHttp.Answer answer = RawHttp.send(port, "GET", "/health/logging", "X-Request-Id: health-anonymous");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
        assertThat(answer.body()).doesNotContain("secret", "k-cluster-42");
    }

    @Test
    void health_viewerOrInvalidToken_getsTheStatusOnly_andTheTokenIsNotForwarded() {
        RawHttp.Answer viewer =
                RawHttp.send(port, "GET", "/health/logging", viewerOfA(), "X-Request-Id: health-viewer");
        RawHttp.Answer forged = RawHttp.send(
                port,
                "GET",
                "/health/logging",
                bearer(TOKENS.builder("mallory", "shop-a", Role.ADMIN).signWithUnpublishedKey()));

        assertThat(JSON.readTree(viewer.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
        assertThat(JSON.readTree(forged.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
        assertThat(LOGGING.received().stream()
                        .filter(r -> "health-viewer".equals(r.header("X-Request-Id")))
                        .findFirst()
                        .orElseThrow()
                        .hasHeader("Authorization"))
                .isFalse();
    }

    @Test
    void health_admin_getsTheDetails_andTheTokenIsForwarded() {
        String token = TOKENS.token("ada", "shop-a", Role.ADMIN);
        RawHttp.Answer answer =
                RawHttp.send(port, "GET", "/health/logging", bearer(token), "X-Request-Id: health-admin");

        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree(HEALTH));
        assertThat(LOGGING.received().stream()
                        .filter(r -> "health-admin".equals(r.header("X-Request-Id")))
                        .findFirst()
                        .orElseThrow()
                        .header("Authorization"))
                .isEqualTo("Bearer " + token);
    }

    @Test
    void health_downService_keepsItsStatus_withoutTheErrorText() {
        RawHttp.Answer answer = RawHttp.send(port, "GET", "/health/metrics");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree("{\"status\":\"DOWN\"}"));
        assertThat(answer.body()).doesNotContain("password");
    }

    @Test
    void health_unreachableService_answersTheGatewaysProblem() {
        RawHttp.Answer answer = RawHttp.send(port, "GET", "/health/backup");

        assertThat(problem(answer, 503).get("type").asString()).isEqualTo(PROBLEMS + "unavailable");
    }
}
