package io.shopwatch.backup.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.operation.BackupOperations;
import io.shopwatch.common.web.ShopWatchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code "kind":"state"} over the four stateful services, each a state API under the real service's name and with its
 * sections (the real implementations pass the same {@code StateApiContract} in their own modules): backup, wipe
 * everything, restore, and every service answers as before; a full backup asks for the secrets, and is refused
 * without encryption at rest.
 */
class PlatformStateBackupTest extends BackupTestSupport {

    private static void seed(String org) {
        platformState("dashboards").put(org, "folders", "sales", "Sales");
        platformState("dashboards").put(org, "dashboards", "d1", "Orders overview");
        platformState("alerts").put(org, "config", "alertmanager", "swenc:v1:0a1b2c3d:cipher");
        platformState("alerts").put(org, "rules", "r1", "CheckoutErrors");
        platformState("alerts").put(org, "silences", "s1", "service=checkout");
        platformState("alerts").put(org, "acks", "g1", "ops");
        platformState("config").put(org, "releases", "41", "rate=0.1");
        platformState("config").put(org, "drafts", "billing/prod", "rate=0.2");
        platformState("config").put(org, "pointers", "billing/prod", "41");
        platformState("auth").put(org, "users", "ops", "operator");
        platformState("auth").put(org, "api_keys", "k1", "storefront ingest");
    }

    private static Map<String, Map<String, List<JsonNode>>> answers(String org) {
        Map<String, Map<String, List<JsonNode>>> out = new LinkedHashMap<>();
        PLATFORM_SERVICES.forEach(name -> out.put(name, platformState(name).sectionsOf(org)));
        return out;
    }

    @Test
    void backup_wipeEveryService_restore_everyServiceAnswersAsBefore() {
        String org = "platform-state";
        seed(org);
        var before = answers(org);
        Job backup =
                awaitSuccess(startJob(org, "/api/v1/backups", Map.of("kind", "state", "services", PLATFORM_SERVICES)));
        JsonNode set = json(get(org, "/api/v1/backups/" + backup.backupId()));
        assertThat(set.get("streams").toString()).isEqualTo("[\"alerts\",\"auth\",\"config\",\"dashboards\"]");
        assertThat(set.get("records").asLong()).isEqualTo(11);

        PLATFORM_SERVICES.forEach(name -> platformState(name).wipe(org));
        awaitSuccess(startJob(org, "/api/v1/backups/" + backup.backupId() + "/restore", Map.of()));

        assertThat(answers(org)).isEqualTo(before);
    }

    @Test
    void fullBackup_asksTheServicesForTheirSecrets() {
        String org = "platform-state-full";
        seed(org);
        awaitSuccess(
                startJob(org, "/api/v1/backups", Map.of("kind", "state", "services", List.of("auth"), "full", true)));
        assertThat(platformState("auth").exportQueries()).last().asString().contains("full=true");
        awaitSuccess(startJob(org, "/api/v1/backups", Map.of("kind", "state", "services", List.of("auth"))));
        assertThat(platformState("auth").exportQueries()).last().asString().doesNotContain("full=");
    }

    @Test
    void fullBackup_withoutEncryptionAtRest_isRefused() {
        BackupOperations unencrypted =
                new BackupOperations(null, null, null, null, null, null, null, null, null, false);
        assertThatThrownBy(() -> unencrypted.backupState("o", List.of("auth"), "local", true))
                .isInstanceOf(ShopWatchException.class)
                .hasMessageContaining("SHOPWATCH_BACKUP_ENCRYPTION_KEY");
    }
}
