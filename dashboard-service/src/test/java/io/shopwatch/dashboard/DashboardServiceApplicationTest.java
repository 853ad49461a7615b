package io.shopwatch.dashboard;

import io.shopwatch.testkit.ServiceSmokeTest;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts with no configuration at all: an embedded PostgreSQL in a fresh directory. */
class DashboardServiceApplicationTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void embeddedDatabaseDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("dashboard-smoke-db").toString();
        registry.add("shopwatch.embedded-db.data-dir", () -> dir);
    }
}
