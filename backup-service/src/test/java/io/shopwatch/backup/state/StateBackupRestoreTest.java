package io.shopwatch.backup.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code "kind":"state"}: back up two services' state, wipe it, restore it, with every conflicts policy. */
class StateBackupRestoreTest extends BackupTestSupport {

    private void seed(String org) {
        alphaState().put(org, "rules", "r1", "cpu > 90");
        alphaState().put(org, "rules", "r2", "errors > 5");
        alphaState().put(org, "silences", "s1", "checkout");
        betaState().put(org, "releases", "v1", "timeout=3s");
        betaState().put(org, "pointers", "prod", "v1");
    }

    private String backup(String org) {
        Job job = awaitSuccess(
                startJob(org, "/api/v1/backups", Map.of("kind", "state", "services", List.of("alpha", "beta"))));
        return job.backupId();
    }

    @Test
    void backup_wipe_restore_givesTheSameState() {
        String org = "state-roundtrip";
        seed(org);
        var alphaBefore = alphaState().sectionsOf(org);
        var betaBefore = betaState().sectionsOf(org);
        String id = backup(org);

        JsonNode set = json(get(org, "/api/v1/backups/" + id));
        assertThat(set.get("kind").asString()).isEqualTo("state");
        assertThat(set.get("streams").toString()).isEqualTo("[\"alpha\",\"beta\"]");
        assertThat(set.get("files").asInt()).isEqualTo(2);
        assertThat(set.get("records").asLong()).isEqualTo(5);
        assertThat(set.get("restorable").asBoolean()).isTrue();

        alphaState().wipe(org);
        betaState().wipe(org);
        Job restore = awaitSuccess(startJob(org, "/api/v1/backups/" + id + "/restore", Map.of()));

        assertThat(alphaState().sectionsOf(org)).isEqualTo(alphaBefore);
        assertThat(betaState().sectionsOf(org)).isEqualTo(betaBefore);
        JsonNode result = JSON.readTree(restore.result());
        assertThat(result.at("/services/alpha/created").asInt()).isEqualTo(3);
        assertThat(result.at("/services/beta/created").asInt()).isEqualTo(2);
    }

    @Test
    void restore_dryRun_reportsAndWritesNothing() {
        String org = "state-dry";
        seed(org);
        String id = backup(org);
        alphaState().wipe(org);

        Job job = awaitSuccess(startJob(org, "/api/v1/backups/" + id + "/restore", Map.of("dryRun", true)));

        assertThat(alphaState().sectionsOf(org)).isEmpty();
        JsonNode result = JSON.readTree(job.result());
        assertThat(result.get("dry_run").asBoolean()).isTrue();
        assertThat(result.at("/services/alpha/created").asInt()).isEqualTo(3);
        assertThat(result.at("/services/beta/unchanged").asInt()).isEqualTo(2);
    }

    @Test
    void restore_conflicts_failSkipOverwrite() {
        String org = "state-conflicts";
        seed(org);
        var alphaBefore = alphaState().sectionsOf(org);
        String id = backup(org);
        betaState().wipe(org);
        alphaState().put(org, "rules", "r1", "cpu > 99");
        var alphaChanged = alphaState().sectionsOf(org);

        // fail (the default): nothing anywhere is written, not even beta's missing state
        Job failed = awaitJob(startJob(org, "/api/v1/backups/" + id + "/restore", Map.of()));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("conflicts=fail").contains("alpha");
        assertThat(betaState().sectionsOf(org)).isEmpty();
        assertThat(alphaState().sectionsOf(org)).isEqualTo(alphaChanged);

        awaitSuccess(startJob(org, "/api/v1/backups/" + id + "/restore", Map.of("conflicts", "skip")));
        assertThat(alphaState().sectionsOf(org)).isEqualTo(alphaChanged);
        assertThat(betaState().sectionsOf(org)).hasSize(2);

        awaitSuccess(startJob(
                org,
                "/api/v1/backups/" + id + "/restore",
                Map.of("conflicts", "overwrite", "services", List.of("alpha"))));
        assertThat(alphaState().sectionsOf(org)).isEqualTo(alphaBefore);
    }

    @Test
    void stateSets_areVerified_andACorruptFileIsFound() throws Exception {
        String org = "state-verify";
        seed(org);
        String id = backup(org);
        awaitSuccess(startJob(org, "/api/v1/backups/" + id + "/verify", Map.of("mode", "full")));

        Path file = backupDir().resolve(id).resolve("state/alpha.ndjson.gz");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        Job verify = awaitJob(startJob(org, "/api/v1/backups/" + id + "/verify", Map.of("mode", "full")));
        assertThat(verify.state()).isEqualTo(JobState.FAILED);
        assertThat(json(get(org, "/api/v1/backups/" + id)).get("restorable").asBoolean())
                .isFalse();
    }

    @Test
    void requests_areChecked() {
        String org = "state-requests";
        assertThat(post(org, "/api/v1/backups", Map.of("kind", "state", "services", List.of("nope")))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(org, "/api/v1/backups", Map.of("kind", "things")).statusCode())
                .isEqualTo(400);
        seed(org);
        String id = backup(org);
        assertThat(post(org, "/api/v1/backups/" + id + "/restore", Map.of("conflicts", "merge"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(org, "/api/v1/backups/" + id + "/restore", Map.of("services", List.of("gamma")))
                        .statusCode())
                .isEqualTo(400);
    }
}
