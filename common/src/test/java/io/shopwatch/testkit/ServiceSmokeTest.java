package io.shopwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every ShopWatch service must do from its first day: start with no configuration, report health and readiness,
 * expose Prometheus metrics and its OpenAPI document without credentials, and answer unknown paths with problem+json.
 * A service's test extends this class; it runs the service on a random port, its token verifier pointed at
 * {@link TestTokens}.
 *
 * <p>Every service refuses a request without credentials, whatever its configuration looks like: the test does not ask
 * the application context whether security is on (a service whose security is switched off by mistake would then pass)
 * but sends a request without credentials to {@link #pathThatNeedsCredentials()} and expects 401 problem+json. A
 * service secured by common's {@code ServiceSecurityAutoConfiguration} refuses even an unknown path (the default); a
 * service with its own rules names a path it serves; a service that checks credentials its own way (the embedded
 * store: OpenObserve's Basic auth) overrides {@link #assertRefusedWithoutCredentials}. With a valid token an unknown
 * path answers 404 problem+json.
 *
 * <p>The gateway's tests serve the services' real API documents, captured into {@value #SERVICE_DOCS}: this test checks
 * that every operation of the captured document is still served, so the gateway is never tested against an API that no
 * longer exists. Run a service's test with {@code -Dshopwatch.openapi.capture=true} to capture its document again
 * (after adding or changing endpoints).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceSmokeTest {

    /** Where the gateway's tests keep the services' documents (relative to a module's directory). */
    public static final String SERVICE_DOCS = "../gateway-service/src/test/resources/service-docs";

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Value("${spring.application.name}")
    private String applicationName;

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

    /**
     * Every form of {@code /api/shop-a/../shop-b/_search} that a server could decode or normalise into another org's
     * path is refused with 400 problem+json, before authentication, whoever asks.
     */
    @Test
    void crossOrgPaths_areRefusedWith400Problem() {
        String viewerOfA = "Authorization: Bearer " + TestTokens.shared().token("smoke", "shop-a", Role.VIEWER);
        for (String path : PathAttacks.crossOrgSearch("shop-a", "shop-b")) {
            RawHttp.Answer answer = RawHttp.send(port, "GET", path, viewerOfA, "Accept: text/html");
            assertThat(answer.status()).as(path + " -> " + answer).isEqualTo(400);
            assertThat(answer.contentType()).as(path + " -> " + answer).startsWith("application/problem+json");
        }
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

    /** Whether the gateway routes to this service (then its API document is part of the gateway's). */
    protected boolean routedByTheGateway() {
        return true;
    }

    @Test
    void openApi_stillServesTheOperationsTheGatewayIsTestedWith() throws Exception {
        Assumptions.assumeTrue(routedByTheGateway(), "not behind the gateway");
        String live = get("/v3/api-docs").body();
        Path captured = Path.of(SERVICE_DOCS, applicationName + ".json");
        if (Boolean.getBoolean("shopwatch.openapi.capture")) {
            Files.createDirectories(captured.getParent());
            ObjectNode document = (ObjectNode) JSON.readTree(live);
            document.remove("servers"); // this test's random port
            Files.writeString(captured, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n");
        }
        assertThat(captured)
                .as(
                        "the gateway's tests need this service's document; capture it with -Dshopwatch.openapi.capture=true")
                .exists();
        assertThat(operations(live))
                .as(
                        "operations of %s that the gateway's tests use; if an endpoint was removed or renamed on purpose, "
                                + "capture the document again with -Dshopwatch.openapi.capture=true",
                        captured)
                .containsAll(operations(Files.readString(captured)));
    }

    /** {@code "GET /api/v1/..."} for every operation of an OpenAPI document. */
    private static Set<String> operations(String document) {
        Set<String> operations = new TreeSet<>();
        JsonNode paths = JSON.readTree(document).path("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }

    /**
     * A GET path this service answers only to a caller with credentials. Default: an unknown path under
     * {@code /api/v1}, which a service secured by common's {@code ServiceSecurityAutoConfiguration} refuses before
     * looking for a handler. A service with its own rules overrides it with a path it serves.
     */
    protected String pathThatNeedsCredentials() {
        return "/api/v1/no-such-thing";
    }

    /** How this service refuses a request without credentials: 401 {@code unauthorized} problem+json. */
    protected void assertRefusedWithoutCredentials(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("https://shopwatch.io/problems/unauthorized");
    }

    @Test
    void requestWithoutCredentials_isRefused() throws Exception {
        assertRefusedWithoutCredentials(get(pathThatNeedsCredentials()));
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
