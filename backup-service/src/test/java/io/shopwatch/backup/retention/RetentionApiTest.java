package io.shopwatch.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Retention through the API: a dry run deletes nothing, a real run removes catalog entries and files. */
class RetentionApiTest extends BackupTestSupport {

    @Test
    void retention_keepLast_dryRunThenDelete() {
        String org = "retention";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant from = now.minus(Duration.ofMinutes(50));
        Instant to = now.minus(Duration.ofMinutes(10));
        ingestOrders(org, "visits", 60, from, to);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(awaitSuccess(startJob(
                            org,
                            "/api/v1/backups",
                            Map.of(
                                    "streams", List.of("visits"),
                                    "start", from.toString(),
                                    "end", to.toString())))
                    .backupId());
        }

        JsonNode dry = json(post(org, "/api/v1/backups/retention", Map.of("keepLast", 1, "dryRun", true)));
        assertThat(dry.path("dry_run").asBoolean()).isTrue();
        assertThat(dry.path("deleted")).isEmpty();
        assertThat(dry.path("decisions")).hasSize(3);
        assertThat(json(get(org, "/api/v1/backups")).path("backups")).hasSize(3);

        JsonNode done = json(post(org, "/api/v1/backups/retention", Map.of("keepLast", 1)));
        assertThat(done.path("deleted")).hasSize(2);
        JsonNode left = json(get(org, "/api/v1/backups")).path("backups");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("id").asString()).isEqualTo(ids.get(2));
        assertThat(Files.exists(backupDir().resolve(ids.get(0)))).isFalse();
        assertThat(Files.exists(backupDir().resolve(ids.get(1)))).isFalse();
        assertThat(Files.exists(backupDir().resolve(ids.get(2)))).isTrue();

        assertThat(post(org, "/api/v1/backups/retention", Map.of("keepLast", -1))
                        .statusCode())
                .isEqualTo(400);
    }
}
