package io.shopwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.auth.bootstrap.StartupChecks;
import io.shopwatch.testkit.ServiceSmokeTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as the local stack starts it: dev mode, no DATABASE_URL (so an embedded PostgreSQL of its own), no
 * Kafka. Besides the smoke checks every service passes, the development administrator can log in.
 */
class AuthServiceApplicationTest extends ServiceSmokeTest {

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void devMode(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("auth-embedded-postgres");
        registry.add("shopwatch.dev-mode", () -> "true");
        registry.add("shopwatch.embedded-db.data-dir", dataDir::toString);
        registry.add("shopwatch.auth.audit.shipping-enabled", () -> "false");
    }

    /** auth-service's own security lets unmapped paths through to a 404; a path it serves needs a token. */
    @Override
    protected String pathThatNeedsCredentials() {
        return "/api/v1/auth/me";
    }

    @Test
    void withoutDatabaseUrl_runsOnItsOwnEmbeddedPostgres() {
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) dataSource).getJdbcUrl())
                .startsWith("jdbc:postgresql://127.0.0.1:")
                .endsWith("currentSchema=auth");
    }

    @Test
    void devMode_letsTheDevelopmentAdministratorLogIn() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + StartupChecks.DEV_ADMIN_PASSWORD + "\"}"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"access_token\"", "\"token_type\":\"Bearer\"");
    }
}
