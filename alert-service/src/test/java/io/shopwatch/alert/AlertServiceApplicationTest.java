package io.shopwatch.alert;

import io.shopwatch.testkit.ServiceSmokeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts with no configuration at all: an embedded PostgreSQL in a fresh directory, a secrets key file
 * created next to it, no Kafka.
 */
class AlertServiceApplicationTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void embeddedDatabaseDirectory(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("alert-smoke-db");
        registry.add("shopwatch.alert.database.embedded-dir", dir::toString);
        registry.add("shopwatch.alert.secrets.key-file", () -> dir.resolveSibling(dir.getFileName() + ".key")
                .toString());
    }
}
