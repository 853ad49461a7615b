package io.shopwatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.ServiceSmokeTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts with no configuration at all (an embedded PostgreSQL in a fresh directory), passes the smoke
 * checks every service passes, and serves the web console's page and assets without a token (a stand-in page from the
 * test resources; the real one is built by npm into the jar).
 */
class DashboardServiceApplicationTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void embeddedDatabaseDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("dashboard-smoke-db").toString();
        registry.add("shopwatch.embedded-db.data-dir", () -> dir);
    }

    @Test
    void consolePage_isServedWithoutToken() throws Exception {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(root.body()).contains("console under test");
        assertThat(get("/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void consoleAssets_areServedWithoutToken() throws Exception {
        HttpResponse<String> asset = get("/assets/console-test.js");
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.body()).contains("underTest");
    }

    @Test
    void consolePaths_openNothingElse() throws Exception {
        assertThat(get("/assets/../api/v1/dashboards").statusCode()).isIn(400, 401);
        assertThat(get("/api/v1/dashboards").statusCode()).isEqualTo(401);
        assertThat(get("/index.json").statusCode()).isEqualTo(401);
    }
}
