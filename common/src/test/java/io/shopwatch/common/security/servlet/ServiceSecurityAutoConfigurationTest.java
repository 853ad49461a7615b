package io.shopwatch.common.security.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ServiceSecurityAutoConfigurationTest.App.class,
        properties = {
            "management.endpoints.web.exposure.include=health,info,prometheus",
            "shopwatch.security.rules[0].paths[0]=/api/v1/telemetry",
            "shopwatch.security.rules[0].methods[0]=POST",
            "shopwatch.security.rules[0].roles[0]=ingest",
            "shopwatch.security.rules[0].roles[1]=operator",
            "shopwatch.security.rules[1].paths[0]=/api/v1/platform/**",
            "shopwatch.security.rules[1].platform-admin-only=true",
            "shopwatch.security.platform-read-paths[0]=/api/v1/orgs/{org}/things",
            "shopwatch.security.platform-admin-paths[0]=/api/v1/state/export",
            "shopwatch.security.platform-ingest-paths[0]=/api/v1/telemetry",
            "shopwatch.security.platform-ingest-org=platform-org",
            "shopwatch.openobserve.user=root@shopwatch.local",
            "shopwatch.openobserve.password=platform-secret"
        })
class ServiceSecurityAutoConfigurationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ThingController.class)
    static class App {}

    @RestController
    static class ThingController {

        @GetMapping("/api/v1/things")
        Map<String, Object> mine() {
            Identity identity = CurrentIdentity.get();
            return Map.of("subject", identity.subject(), "org", CurrentIdentity.require(Role.VIEWER));
        }

        @PostMapping("/api/v1/things")
        Map<String, Object> create() {
            return Map.of("org", CurrentIdentity.require(Role.OPERATOR));
        }

        @GetMapping("/api/v1/orgs/{org}/things")
        Map<String, Object> ofOrg(@PathVariable String org) {
            CurrentIdentity.require(Role.VIEWER, org);
            return Map.of("org", org, "subject", CurrentIdentity.get().subject());
        }

        @PostMapping("/api/v1/orgs/{org}/things")
        Map<String, Object> createInOrg(@PathVariable String org) {
            CurrentIdentity.require(Role.OPERATOR, org);
            return Map.of("org", org);
        }

        @GetMapping("/api/v1/state/export")
        Map<String, Object> exportState() {
            return Map.of("org", CurrentIdentity.require(Role.ADMIN));
        }

        @PostMapping("/api/v1/telemetry")
        Map<String, Object> ingest() {
            return Map.of("org", CurrentIdentity.get().org());
        }

        @GetMapping("/api/v1/platform/stats")
        Map<String, Object> platform() {
            return Map.of("ok", true);
        }

        @Autowired
        OrgResolver orgs;

        @GetMapping("/api/v1/resolved-org")
        Map<String, Object> resolvedOrg(HttpServletRequest request) {
            return Map.of("org", orgs.org(request));
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final TestTokens tokens = TestTokens.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> callBasic(String method, String path, String user, String password) throws Exception {
        String basic = java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Basic " + basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void platformCredentials_readTheOrgOfAPlatformReadPath_asAViewer() throws Exception {
        HttpResponse<String> read =
                callBasic("GET", "/api/v1/orgs/shop-b/things", "root@shopwatch.local", "platform-secret");

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"org\":\"shop-b\"", "\"subject\":\"platform:root@shopwatch.local\"");
    }

    @Test
    void platformCredentials_onAnAdminPath_actForTheOrgOfTheQuery_andNeedOne() throws Exception {
        HttpResponse<String> export =
                callBasic("GET", "/api/v1/state/export?org=shop-c", "root@shopwatch.local", "platform-secret");

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains("\"org\":\"shop-c\"");
        assertProblem(
                callBasic("GET", "/api/v1/state/export", "root@shopwatch.local", "platform-secret"),
                401,
                "unauthorized");
        assertProblem(
                callBasic("GET", "/api/v1/state/export?org=shop-c", "root@shopwatch.local", "nope"),
                401,
                "unauthorized");
    }

    @Test
    void platformCredentials_areRefused_withAWrongPassword_elsewhere_orForWrites() throws Exception {
        assertProblem(
                callBasic("GET", "/api/v1/orgs/shop-b/things", "root@shopwatch.local", "guess"), 401, "unauthorized");
        assertProblem(
                callBasic("GET", "/api/v1/things", "root@shopwatch.local", "platform-secret"), 401, "unauthorized");
        assertThat(callBasic("POST", "/api/v1/orgs/shop-b/things", "root@shopwatch.local", "platform-secret")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void platformCredentials_onAnIngestPath_ingestIntoThePlatformOrgOnly() throws Exception {
        HttpResponse<String> ingest = callBasic("POST", "/api/v1/telemetry", "root@shopwatch.local", "platform-secret");

        assertThat(ingest.statusCode()).isEqualTo(200);
        assertThat(ingest.body()).contains("\"org\":\"platform-org\"");
        assertProblem(callBasic("POST", "/api/v1/telemetry", "root@shopwatch.local", "guess"), 401, "unauthorized");
        // a read path is not an ingest path: the credentials give nothing there
        assertProblem(
                callBasic("GET", "/api/v1/things", "root@shopwatch.local", "platform-secret"), 401, "unauthorized");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("https://shopwatch.io/problems/" + type);
    }

    @Test
    void validToken_reachesTheControllerWithTheIdentity() throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/things", tokens.token("alice", "shop-a", Role.VIEWER));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"subject\":\"alice\"", "\"org\":\"shop-a\"");
    }

    @Test
    void orgResolver_takesTheTokensOrgAndIgnoresTheHeader() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/resolved-org"))
                .header("Authorization", "Bearer " + tokens.token("alice", "shop-a", Role.VIEWER))
                .header("X-ShopWatch-Org", "shop-b")
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"org\":\"shop-a\"}");
    }

    @Test
    void missingToken_answers401Problem() throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/things", null);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void expiredToken_answers401Problem() throws Exception {
        assertProblem(call("GET", "/api/v1/things", tokens.expired("shop-a", Role.ADMIN)), 401, "unauthorized");
    }

    @Test
    void tokenSignedWithAnotherKey_answers401Problem() throws Exception {
        String token = tokens.builder("mallory", "shop-a", Role.ADMIN).signWithUnpublishedKey();

        assertProblem(call("GET", "/api/v1/things", token), 401, "unauthorized");
    }

    @Test
    void unsignedToken_answers401Problem() throws Exception {
        String token = tokens.builder("mallory", "shop-a", Role.ADMIN).unsigned();

        assertProblem(call("GET", "/api/v1/things", token), 401, "unauthorized");
    }

    @Test
    void wrongIssuer_answers401Problem() throws Exception {
        String token =
                tokens.builder("mallory", "shop-a", Role.ADMIN).issuer("evil").sign();

        assertProblem(call("GET", "/api/v1/things", token), 401, "unauthorized");
    }

    @Test
    void spoofedIdentityHeaders_areIgnored() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/things"))
                .header("X-ShopWatch-Org", "shop-a")
                .header("X-ShopWatch-Subject", "admin")
                .header("X-ShopWatch-Roles", "admin")
                .build();

        assertProblem(HTTP.send(request, HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
    }

    @Test
    void viewer_mayReadButNotWrite() throws Exception {
        String viewer = tokens.token("shop-a", Role.VIEWER);

        assertThat(call("GET", "/api/v1/things", viewer).statusCode()).isEqualTo(200);
        assertProblem(call("POST", "/api/v1/things", viewer), 403, "forbidden");
    }

    @Test
    void operator_mayWrite() throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/things", tokens.token("shop-a", Role.OPERATOR));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"org\":\"shop-a\"");
    }

    @Test
    void ingest_mayOnlyPostTelemetry() throws Exception {
        String ingest = tokens.token("shop-a", Role.INGEST);

        assertThat(call("POST", "/api/v1/telemetry", ingest).statusCode()).isEqualTo(200);
        assertProblem(call("GET", "/api/v1/things", ingest), 403, "forbidden");
        assertProblem(call("POST", "/api/v1/things", ingest), 403, "forbidden");
        assertProblem(call("POST", "/api/v1/telemetry", tokens.token("shop-a", Role.VIEWER)), 403, "forbidden");
    }

    @Test
    void otherOrg_isRefusedWith403() throws Exception {
        String admin = tokens.token("shop-a", Role.ADMIN);

        assertThat(call("GET", "/api/v1/orgs/shop-a/things", admin).statusCode())
                .isEqualTo(200);
        assertProblem(call("GET", "/api/v1/orgs/shop-b/things", admin), 403, "forbidden");
    }

    @Test
    void platformAdminOnlyRule_refusesOrgAdmins() throws Exception {
        String admin = tokens.token("shop-a", Role.ADMIN);
        String platform =
                tokens.builder("root", "default", Role.ADMIN).platformAdmin().sign();

        assertProblem(call("GET", "/api/v1/platform/stats", admin), 403, "forbidden");
        assertThat(call("GET", "/api/v1/platform/stats", platform).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/orgs/shop-b/things", platform).statusCode())
                .isEqualTo(200);
    }

    @Test
    void healthMetricsAndApiDocs_arePublic_otherActuatorEndpointsAreNot() throws Exception {
        assertThat(call("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/info", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/prometheus", null).statusCode()).isIn(200, 404);
        assertThat(call("GET", "/actuator/env", tokens.token("shop-a", Role.ADMIN))
                        .statusCode())
                .isEqualTo(403);
    }
}
