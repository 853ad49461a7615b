package io.shopwatch.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.servlet.CurrentIdentity;
import io.shopwatch.testkit.PathAttacks;
import io.shopwatch.testkit.RawHttp;
import io.shopwatch.testkit.TestTokens;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Tomcat on a random port with common's web and security auto-configuration, called with raw HTTP requests that
 * no client normalises: every path that could be read as another org's path is refused with 400 problem+json before
 * the controller, and every error Tomcat or Spring answers itself is problem+json.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ServletPathFirewallTest.App.class,
        properties = {
            "management.endpoints.web.exposure.include=health",
            "management.endpoint.health.show-details=when-authorized",
            "management.endpoint.health.roles=admin"
        })
class ServletPathFirewallTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SearchController.class)
    static class App {}

    /** Orgs whose search was reached, in order. */
    static final List<String> SEARCHED = new CopyOnWriteArrayList<>();

    @RestController
    static class SearchController {

        @GetMapping("/api/{org}/_search")
        Map<String, Object> search(@PathVariable String org) {
            CurrentIdentity.require(Role.VIEWER, org);
            SEARCHED.add(org);
            return Map.of("org", org);
        }

        @PostMapping("/api/{org}/_search")
        Map<String, Object> post(@PathVariable String org) {
            return search(org);
        }

        /** An error answered through the container's error page, as filters and some libraries do. */
        @GetMapping("/api/v1/send-error")
        void sendError(HttpServletResponse response) throws IOException {
            response.sendError(409, "the thing is already there");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestTokens tokens = TestTokens.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @BeforeEach
    void clear() {
        SEARCHED.clear();
    }

    private String viewerOfA() {
        return "Authorization: Bearer " + tokens.token("vera", "shop-a", Role.VIEWER);
    }

    private static JsonNode problem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }

    @Test
    void ownOrg_isServed_andOtherOrg_isForbidden() {
        RawHttp.Answer own = RawHttp.send(port, "GET", "/api/shop-a/_search", viewerOfA());
        RawHttp.Answer other = RawHttp.send(port, "GET", "/api/shop-b/_search", viewerOfA());

        assertThat(own.status()).isEqualTo(200);
        problem(other, 403);
        assertThat(SEARCHED).containsExactly("shop-a");
    }

    @Test
    void crossOrgPaths_areRefusedWith400Problem_andReachNothing() {
        for (String method : List.of("GET", "POST")) {
            for (String path : PathAttacks.crossOrgSearch("shop-a", "shop-b")) {
                RawHttp.Answer answer =
                        RawHttp.send(port, method, path, viewerOfA(), "Content-Length: 0", "Accept: text/html");

                JsonNode body = problem(answer, 400);
                assertThat(body.get("type").asString())
                        .as(method + " " + path)
                        .isIn(
                                ProblemType.PATH_REFUSED.uri().toString(),
                                ProblemType.VALIDATION.uri().toString());
                assertThat(body.get("detail").asString()).as(path).isNotBlank();
            }
        }
        assertThat(SEARCHED).isEmpty();
    }

    @Test
    void dotSegments_areRefusedByTheFilter_withTheReason() {
        JsonNode body = problem(RawHttp.send(port, "GET", "/api/shop-a/%2e%2e/shop-b/_search", viewerOfA()), 400);

        assertThat(body.get("type").asString())
                .isEqualTo(ProblemType.PATH_REFUSED.uri().toString());
        assertThat(body.get("detail").asString()).isEqualTo("the request path contains a dot segment (%2e%2e)");
        assertThat(body.get("instance").asString()).isEqualTo("/api/shop-a/%2e%2e/shop-b/_search");
    }

    @Test
    void encodedSlash_refusedByTomcat_isProblemJsonWithTheReason() {
        JsonNode body = problem(
                RawHttp.send(port, "GET", "/api/shop-a%2F..%2Fshop-b/_search", viewerOfA(), "Accept: text/html"), 400);

        assertThat(body.get("type").asString())
                .isEqualTo(ProblemType.PATH_REFUSED.uri().toString());
        assertThat(body.get("detail").asString()).isEqualTo("the request path contains an encoded slash (%2F)");
    }

    @Test
    void encodedNul_refusedByTomcat_isProblemJson() {
        JsonNode body = problem(RawHttp.send(port, "GET", "/api/shop-a/%00/x", "Accept: text/html"), 400);

        assertThat(body.get("detail").asString()).contains("control character");
    }

    @Test
    void unparsableRequestLine_isProblemJson() {
        problem(RawHttp.send(port, "GET", "/api/shop-a/\"x\"", "Accept: text/html"), 400);
    }

    @Test
    void unknownPath_forABrowser_isProblemJson_notTheWhitelabelPage() {
        RawHttp.Answer answer = RawHttp.send(port, "GET", "/nowhere", viewerOfA(), "Accept: text/html");

        JsonNode body = problem(answer, 404);
        assertThat(body.get("type").asString())
                .isEqualTo(ProblemType.NOT_FOUND.uri().toString());
        assertThat(body.get("instance").asString()).isEqualTo("/nowhere");
    }

    @Test
    void sendError_forABrowser_isProblemJsonWithTheMessage() {
        JsonNode body = problem(RawHttp.send(port, "GET", "/api/v1/send-error", viewerOfA(), "Accept: text/html"), 409);

        assertThat(body.get("type").asString())
                .isEqualTo(ProblemType.CONFLICT.uri().toString());
        assertThat(body.get("detail").asString()).isEqualTo("the thing is already there");
        assertThat(body.get("instance").asString()).isEqualTo("/api/v1/send-error");
    }

    @Test
    void springSecurityFirewallRefusal_isProblemJsonWithItsReason() {
        JsonNode body =
                problem(RawHttp.send(port, "BREW", "/api/shop-a/_search", viewerOfA(), "Accept: text/html"), 400);

        assertThat(body.get("type").asString())
                .isEqualTo(ProblemType.VALIDATION.uri().toString());
        assertThat(body.get("detail").asString()).contains("BREW");
    }

    @Test
    void health_showsDetailsOnlyToAnAdmin() {
        JsonNode anonymous =
                JSON.readTree(RawHttp.send(port, "GET", "/actuator/health").body());
        JsonNode viewer = JSON.readTree(
                RawHttp.send(port, "GET", "/actuator/health", viewerOfA()).body());
        JsonNode admin = JSON.readTree(RawHttp.send(
                        port,
                        "GET",
                        "/actuator/health",
                        "Authorization: Bearer " + tokens.token("ada", "shop-a", Role.ADMIN))
                .body());

        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        assertThat(viewer.has("components")).isFalse();
        assertThat(admin.get("components").has("diskSpace")).isTrue();
    }
}
