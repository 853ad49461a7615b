package io.shopwatch.dashboard;

import io.shopwatch.testkit.EdgeHardeningChecks;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class DashboardEdgeHardeningTest extends EdgeHardeningChecks {

    @DynamicPropertySource
    static void embeddedDatabaseDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("dashboard-edge-db").toString();
        registry.add("shopwatch.embedded-db.data-dir", () -> dir);
    }
}
