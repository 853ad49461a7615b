package io.shopwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every ShopWatch service must do from its first day: start with no configuration, report health and readiness,
 * expose Prometheus metrics and its OpenAPI document without credentials, and answer unknown paths with problem+json.
 * A service's test extends this class; it runs the service on a random port, its token verifier pointed at
 * {@link TestTokens}. A service secured by common's {@code ServiceSecurityAutoConfiguration} must refuse a request
 * without a token with 401, and answer 404 to a valid token on an unknown path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceSmokeTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void testTokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    /** GET with {@code Authorization: Bearer <token>} when a token is given. */
    protected HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A valid token of a viewer of the org {@code smoke}. */
    protected String viewerToken() {
        return TestTokens.shared().token("smoke", Role.VIEWER);
    }

    @Test
    void health_isUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void readiness_isUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheus_exposesJvmMetrics() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void openApi_isPublished() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\"");
    }

    @Test
    void unknownPath_withoutToken_isRefusedWhenSecured() throws Exception {
        HttpResponse<String> response = get("/api/v1/no-such-thing");
        boolean secured = context.containsBean("shopwatchServiceSecurityFilterChain");
        assertThat(response.statusCode()).isEqualTo(secured ? 401 : 404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains(secured ? "/problems/unauthorized" : "/problems/not-found");
    }

    @Test
    void unknownPath_answersProblemJson() throws Exception {
        HttpResponse<String> response = get("/api/v1/no-such-thing", viewerToken());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("https://shopwatch.io/problems/not-found");
    }
}
