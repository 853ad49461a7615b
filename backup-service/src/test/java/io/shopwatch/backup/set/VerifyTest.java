package io.shopwatch.backup.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobState;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Quick and full verify jobs against sets on the local target, clean and damaged. */
class VerifyTest extends BackupTestSupport {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    private String backup(String org, String stream) {
        Instant from = now.minus(Duration.ofMinutes(90));
        Instant to = now.minus(Duration.ofMinutes(5));
        ingestOrders(org, stream, 400, from, to);
        String jobId = startJob(
                org,
                "/api/v1/backups",
                Map.of("streams", List.of(stream), "start", from.toString(), "end", to.toString(), "slice", "30m"));
        return awaitSuccess(jobId).backupId();
    }

    private Manifest manifest(String backupId) throws Exception {
        try (InputStream in = Files.newInputStream(backupDir().resolve(backupId).resolve(Manifest.FILE))) {
            return ManifestCodec.read(in);
        }
    }

    @Test
    void quickAndFullVerify_ofAnIntactSet_succeed() {
        String org = "verify_ok";
        String backupId = backup(org, "events");
        for (String mode : List.of("quick", "full")) {
            Job job = awaitSuccess(startJob(org, "/api/v1/backups/" + backupId + "/verify", Map.of("mode", mode)));
            JsonNode result = JSON.readTree(job.result());
            assertThat(result.path("status").asString()).isEqualTo("verified");
            assertThat(result.path("files_checked").asInt()).isGreaterThan(0);
            assertThat(result.path("problems")).isEmpty();
        }
        assertThat(post(org, "/api/v1/backups/" + backupId + "/verify", Map.of("mode", "deep"))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void fullVerify_findsAFlippedByte_andTheSetIsNoLongerRestorable() throws Exception {
        String org = "verify_bad";
        String backupId = backup(org, "events");
        Manifest.FileEntry file = manifest(backupId).files().get(0);
        Path path = backupDir().resolve(backupId).resolve(file.path());
        byte[] bytes = Files.readAllBytes(path);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(path, bytes);

        // same size: the quick check cannot see it
        awaitSuccess(startJob(org, "/api/v1/backups/" + backupId + "/verify", Map.of("mode", "quick")));

        Job full = awaitJob(startJob(org, "/api/v1/backups/" + backupId + "/verify", Map.of("mode", "full")));
        assertThat(full.state()).isEqualTo(JobState.FAILED);
        JsonNode result = JSON.readTree(full.result());
        assertThat(result.path("status").asString()).isEqualTo("corrupt");
        assertThat(result.path("problems").get(0).asString()).startsWith(file.path());
        assertThat(json(get(org, "/api/v1/backups")).path("backups")).isEmpty();
        JsonNode all = json(get(org, "/api/v1/backups?all=true")).path("backups");
        assertThat(all.get(0).path("status").asString()).isEqualTo("corrupt");
        assertThat(all.get(0).path("restorable").asBoolean()).isFalse();
        assertThat(post(org, "/api/v1/backups/" + backupId + "/restore", Map.of())
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void quickVerify_findsAMissingFile_andATamperedManifest() throws Exception {
        String org = "verify_missing";
        String backupId = backup(org, "events");
        Manifest.FileEntry file = manifest(backupId).files().get(1);
        Files.delete(backupDir().resolve(backupId).resolve(file.path()));

        Job quick = awaitJob(startJob(org, "/api/v1/backups/" + backupId + "/verify", Map.of()));
        assertThat(quick.state()).isEqualTo(JobState.FAILED);
        assertThat(quick.error()).contains(file.path() + ": missing");

        Path manifest = backupDir().resolve(backupId).resolve(Manifest.FILE);
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(manifest));
        ObjectNode first = (ObjectNode) root.path("manifest").path("files").get(0);
        first.put("records", first.path("records").asLong() + 1);
        Files.writeString(manifest, JSON.writeValueAsString(root));
        Job tampered = awaitJob(startJob(org, "/api/v1/backups/" + backupId + "/verify", Map.of()));
        assertThat(tampered.state()).isEqualTo(JobState.FAILED);
        assertThat(tampered.error()).contains("manifest.json: the manifest's hash does not match its content");
    }
}
