package io.shopwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a ShopWatch MVC service answers at its edge, with its shipped settings, on a real Tomcat, to raw HTTP requests
 * that no client normalises: paths that could be read as another org's path are refused with 400 problem+json, every
 * error Tomcat or Spring answers itself is problem+json, and {@code /actuator/health} shows details to admin tokens
 * only. A service's test extends this class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class EdgeHardeningChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEMS = "https://shopwatch.io/problems/";

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void testTokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    private static String bearer(Role role) {
        return "Authorization: Bearer " + TestTokens.shared().token("edge", "shop-a", role);
    }

    private static JsonNode problem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        return JSON.readTree(answer.body());
    }

    @Test
    void crossOrgPaths_areRefusedWith400Problem() {
        for (String path : PathAttacks.crossOrgSearch("shop-a", "shop-b")) {
            for (String method : List.of("GET", "POST")) {
                JsonNode body = problem(
                        RawHttp.send(port, method, path, bearer(Role.VIEWER), "Content-Length: 0", "Accept: text/html"),
                        400);
                assertThat(body.get("type").asString())
                        .as(method + " " + path)
                        .isIn(PROBLEMS + "path-refused", PROBLEMS + "validation");
            }
        }
    }

    @Test
    void encodedSlash_isRefusedWithTheReason() {
        JsonNode body =
                problem(RawHttp.send(port, "GET", "/api/shop-a%2F..%2Fshop-b/_search", "Accept: text/html"), 400);

        assertThat(body.get("type").asString()).isEqualTo(PROBLEMS + "path-refused");
        assertThat(body.get("detail").asString()).isEqualTo("the request path contains an encoded slash (%2F)");
    }

    @Test
    void dotSegment_isRefusedWithTheReason() {
        JsonNode body =
                problem(RawHttp.send(port, "GET", "/api/shop-a/%2e%2E/shop-b/_search", bearer(Role.VIEWER)), 400);

        assertThat(body.get("type").asString()).isEqualTo(PROBLEMS + "path-refused");
        assertThat(body.get("detail").asString()).isEqualTo("the request path contains a dot segment (%2e%2E)");
    }

    @Test
    void unknownPath_forABrowser_isProblemJson() {
        JsonNode body = problem(
                RawHttp.send(port, "GET", "/api/v1/no-such-thing", bearer(Role.VIEWER), "Accept: text/html"), 404);

        assertThat(body.get("type").asString()).isEqualTo(PROBLEMS + "not-found");
    }

    @Test
    void health_showsDetailsToAdminsOnly() {
        JsonNode anonymous =
                JSON.readTree(RawHttp.send(port, "GET", "/actuator/health").body());
        JsonNode viewer = JSON.readTree(RawHttp.send(port, "GET", "/actuator/health", bearer(Role.VIEWER))
                .body());
        JsonNode admin = JSON.readTree(RawHttp.send(port, "GET", "/actuator/health", bearer(Role.ADMIN))
                .body());

        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        assertThat(viewer.has("components")).isFalse();
        assertThat(admin.get("components").has("diskSpace")).isTrue();
    }
}
