package io.shopwatch.dashboard;

import io.shopwatch.common.security.Role;
import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The one Spring context every API test class shares: the service on a random port, a fresh PostgreSQL database,
 * token checks on against {@link TestTokens}. Each test uses its own org ({@link #newOrg}), so tests never see each
 * other's dashboards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class DashboardServiceTestBase {

    private static final AtomicInteger ORGS = new AtomicInteger();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String databaseUrl;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("spring.datasource.url", DashboardServiceTestBase::databaseUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("shopwatch.dashboard.provisioning.dir", TestProvisioning::dir);
        registry.add("shopwatch.dashboard.provisioning.org", () -> TestProvisioning.ORG);
        registry.add("shopwatch.dashboard.provisioning.interval", () -> "200ms");
        registry.add("shopwatch.openobserve.url", TestStore::url);
        registry.add("shopwatch.openobserve.user", () -> TestStore.USER);
        registry.add("shopwatch.openobserve.password", () -> TestStore.PASSWORD);
        registry.add("shopwatch.dashboard.promql.url", TestPrometheus::url);
        // not the development default: the embedded PostgreSQL trusts local connections anyway
        registry.add("spring.datasource.password", () -> "dashboard-test-password");
    }

    private static synchronized String databaseUrl() {
        if (databaseUrl == null) {
            databaseUrl = EmbeddedPostgresSupport.newDatabase("dashboard");
        }
        return databaseUrl;
    }

    /** An org nobody else uses. */
    protected static String newOrg(String prefix) {
        return prefix + "-" + ORGS.incrementAndGet();
    }

    protected static String token(String org, Role role) {
        return TestTokens.shared().token(org, role);
    }

    /** A JSON resource of the test class path. */
    public static JsonNode resource(String name) {
        try (InputStream in = DashboardServiceTestBase.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return Dashboards.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer with its body parsed when it is JSON. */
    public record Answer(int status, String contentType, String body) {

        public JsonNode json() {
            return Dashboards.JSON.readTree(body);
        }
    }

    protected Answer send(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : Dashboards.JSON.writeValueAsString(body);
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
