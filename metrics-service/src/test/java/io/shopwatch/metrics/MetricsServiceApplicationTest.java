package io.shopwatch.metrics;

import io.shopwatch.testkit.ServiceSmokeTest;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service as the local stack starts it: dev mode, no DATABASE_URL (an embedded PostgreSQL of its own). */
class MetricsServiceApplicationTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void embeddedDatabase(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("metrics-embedded-postgres").toString();
        registry.add("shopwatch.embedded-db.data-dir", () -> dataDir);
    }
}
