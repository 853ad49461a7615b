package io.shopwatch.config;

import io.shopwatch.testkit.ServiceSmokeTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service as the local stack starts it: dev mode, no DATABASE_URL (an embedded PostgreSQL of its own), no Kafka. */
class ConfigServiceApplicationTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void devMode(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("config-embedded-postgres");
        registry.add("shopwatch.dev-mode", () -> "true");
        registry.add("shopwatch.embedded-db.data-dir", dataDir::toString);
    }
}
