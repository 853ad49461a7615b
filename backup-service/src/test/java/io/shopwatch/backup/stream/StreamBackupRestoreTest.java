package io.shopwatch.backup.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobState;
import io.shopwatch.backup.set.Manifest;
import io.shopwatch.backup.set.ManifestCodec;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.StreamType;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Backup → wipe → restore against the embedded store, and the refusals a restore can give. */
class StreamBackupRestoreTest extends BackupTestSupport {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    /** The answers the proof compares: totals, a grouping, and every row in a fixed order. */
    private List<Object> answers(String org, String stream, Instant from, Instant to) {
        OpenObserveClient client = openObserve.forOrg(org);
        return List.of(
                client.search(SearchRequest.sql("SELECT count(*) AS n, sum(amount) AS total, sum(qty) AS q,"
                                        + " count(coupon) AS c, min(_timestamp) AS first, max(_timestamp) AS last FROM \""
                                        + stream + "\"")
                                .range(from, to)
                                .build())
                        .hits(),
                client.search(SearchRequest.sql("SELECT status, count(*) AS n, sum(amount) AS total FROM \"" + stream
                                        + "\" GROUP BY status ORDER BY status")
                                .range(from, to)
                                .build())
                        .hits(),
                client.search(SearchRequest.sql("SELECT * FROM \"" + stream + "\" ORDER BY _timestamp, order_id")
                                .range(from, to)
                                .size(10_000)
                                .build())
                        .hits());
    }

    private String backup(String org, String stream, Instant from, Instant to, String slice) {
        return backup(org, stream, from, to, slice, "local");
    }

    private String backup(String org, String stream, Instant from, Instant to, String slice, String target) {
        HttpResponse<String> created = post(
                org,
                "/api/v1/backups",
                Map.of(
                        "kind",
                        "streams",
                        "streams",
                        List.of(stream),
                        "start",
                        from.toString(),
                        "end",
                        to.toString(),
                        "target",
                        target,
                        "slice",
                        slice));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode job = json(created);
        assertThat(job.path("state").asString()).isIn("queued", "running", "succeeded");
        awaitSuccess(job.path("id").asString());
        return job.path("backup_id").asString();
    }

    @Test
    void backupWipeRestore_givesIdenticalQueryAnswers() throws Exception {
        String org = "proof";
        String stream = "orders";
        Instant from = now.minus(Duration.ofHours(2));
        Instant to = now.minus(Duration.ofMinutes(5));
        ingestOrders(org, stream, 2_500, from, to);
        List<Object> before = answers(org, stream, from, to);
        assertThat(((List<?>) before.get(2))).hasSize(2_500);

        // 30-minute slices of ~620 records with a page size of 200: every slice is split by time and read in pieces
        String backupId = backup(org, stream, from, to.plusSeconds(1), "30m");

        JsonNode listed = json(get(org, "/api/v1/backups"));
        assertThat(listed.path("backups")).hasSize(1);
        JsonNode set = listed.path("backups").get(0);
        assertThat(set.path("id").asString()).isEqualTo(backupId);
        assertThat(set.path("records").asLong()).isEqualTo(2_500);
        assertThat(set.path("status").asString()).isEqualTo("verified");
        assertThat(set.path("files").asInt()).isBetween(4, 5);
        try (InputStream in = Files.newInputStream(backupDir().resolve(backupId).resolve(Manifest.FILE))) {
            Manifest manifest = ManifestCodec.read(in);
            assertThat(manifest.records()).isEqualTo(2_500);
            assertThat(manifest.files()).allSatisfy(f -> assertThat(f.sha256()).hasSize(64));
        }
        // another org sees nothing of it
        assertThat(json(get("other", "/api/v1/backups")).path("backups")).isEmpty();
        assertThat(get("other", "/api/v1/backups/" + backupId).statusCode()).isEqualTo(404);

        assertThat(openObserve.forOrg(org).deleteStream(stream, StreamType.LOGS))
                .isTrue();
        assertThat(openObserve.forOrg(org).stream(stream, StreamType.LOGS)).isEmpty();

        HttpResponse<String> restore = post(org, "/api/v1/backups/" + backupId + "/restore", Map.of("dryRun", false));
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(202);
        Job restored = awaitSuccess(json(restore).path("id").asString());
        assertThat(restored.progress().records()).isEqualTo(2_500);

        assertThat(answers(org, stream, from, to)).isEqualTo(before);
    }

    @Test
    void backupToS3_verifies_andRestoresIntoAnotherStream() {
        String org = "s3_org";
        Instant from = now.minus(Duration.ofMinutes(100));
        Instant to = now.minus(Duration.ofMinutes(20));
        ingestOrders(org, "returns", 700, from, to);
        List<Object> before = answers(org, "returns", from, to);
        String backupId = backup(org, "returns", from, to, "20m", "s3");
        JsonNode set = json(get(org, "/api/v1/backups/" + backupId));
        assertThat(set.path("target").asString()).isEqualTo("s3");
        assertThat(set.path("records").asLong()).isEqualTo(700);
        assertThat(Files.exists(backupDir().resolve(backupId))).isFalse();

        awaitSuccess(startJob(org, "/api/v1/backups/" + backupId + "/verify", Map.of("mode", "full")));
        awaitSuccess(startJob(
                org, "/api/v1/backups/" + backupId + "/restore", Map.of("streams", Map.of("returns", "returns_s3"))));
        assertThat(answers(org, "returns_s3", from, to)).isEqualTo(before);
    }

    @Test
    void incrementalBackup_startsAtTheWatermark_andTheChainRestoresEverything() {
        String org = "incremental";
        ingestOrders(org, "sessions", 200, now.minus(Duration.ofMinutes(100)), now.minus(Duration.ofMinutes(60)));
        String full = backup(org, "sessions", now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(50)), "1h");
        ingestOrders(org, "sessions", 100, now.minus(Duration.ofMinutes(40)), now.minus(Duration.ofMinutes(20)));
        List<Object> before = answers(org, "sessions", now.minus(Duration.ofHours(2)), now);

        String next = awaitSuccess(startJob(
                        org,
                        "/api/v1/backups",
                        Map.of(
                                "streams", List.of("sessions"),
                                "start", now.minus(Duration.ofHours(3)).toString(),
                                "end", now.minus(Duration.ofMinutes(10)).toString(),
                                "incremental", true)))
                .backupId();
        JsonNode set = json(get(org, "/api/v1/backups/" + next));
        assertThat(set.path("parent").asString()).isEqualTo(full);
        assertThat(set.path("start").asString())
                .isEqualTo(now.minus(Duration.ofMinutes(50)).toString());
        assertThat(set.path("records").asLong()).isEqualTo(100);

        awaitSuccess(startJob(
                org, "/api/v1/backups/" + full + "/restore", Map.of("streams", Map.of("sessions", "sessions_back"))));
        awaitSuccess(startJob(
                org,
                "/api/v1/backups/" + next + "/restore",
                Map.of("streams", Map.of("sessions", "sessions_back"), "ifExists", "append")));
        assertThat(answers(org, "sessions_back", now.minus(Duration.ofHours(2)), now))
                .isEqualTo(before);

        // nothing new since the newest set: refused
        assertThat(post(
                                org,
                                "/api/v1/backups",
                                Map.of(
                                        "streams", List.of("sessions"),
                                        "end", now.minus(Duration.ofMinutes(10)).toString(),
                                        "incremental", true))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void restore_intoAnotherStream_andRefusesANonEmptyTarget() {
        String org = "rename";
        Instant from = now.minus(Duration.ofMinutes(90));
        Instant to = now.minus(Duration.ofMinutes(30));
        ingestOrders(org, "carts", 300, from, to);
        List<Object> before = answers(org, "carts", from, to);
        String backupId = backup(org, "carts", from, to, "1h");

        // the stream still holds its records: restoring onto it is refused, with the way out in the message
        Job refused = awaitJob(startJob(org, "/api/v1/backups/" + backupId + "/restore", Map.of()));
        assertThat(refused.state()).isEqualTo(JobState.FAILED);
        assertThat(refused.error()).contains("already holds 300 records").contains("ifExists");

        // a dry run reports the plan and writes nothing
        Job dry = awaitSuccess(startJob(
                org,
                "/api/v1/backups/" + backupId + "/restore",
                Map.of("streams", Map.of("carts", "carts_copy"), "dryRun", true)));
        JsonNode plan = JSON.readTree(dry.result());
        assertThat(plan.path("dry_run").asBoolean()).isTrue();
        assertThat(plan.path("streams").get(0).path("records").asLong()).isEqualTo(300);
        assertThat(plan.path("streams").get(0).path("written").asLong()).isZero();
        assertThat(plan.path("refusals")).isEmpty();
        assertThat(openObserve.forOrg(org).stream("carts_copy", StreamType.LOGS))
                .isEmpty();

        awaitSuccess(startJob(
                org, "/api/v1/backups/" + backupId + "/restore", Map.of("streams", Map.of("carts", "carts_copy"))));
        assertThat(answers(org, "carts_copy", from, to)).isEqualTo(before);
    }

    @Test
    void restore_ofRecordsOlderThanTheWindow_isRefusedWithTheOptions_orShiftedKeepingTheOriginal() {
        String org = "window";
        Instant from = now.minus(Duration.ofHours(4));
        Instant to = now.minus(Duration.ofHours(3));
        List<Map<String, Object>> records = ingestOrders(org, "old_orders", 120, from, to);
        String backupId = backup(org, "old_orders", from, to, "1h");

        Job refused = awaitJob(startJob(
                org,
                "/api/v1/backups/" + backupId + "/restore",
                Map.of("streams", Map.of("old_orders", "old_orders_back"))));
        assertThat(refused.state()).isEqualTo(JobState.FAILED);
        assertThat(refused.error())
                .contains("outside OpenObserve's ingestion window")
                .contains("ZO_INGEST_ALLOWED_UPTO")
                .contains("separate OpenObserve instance")
                .contains("\"timestamps\": \"shift\"");
        assertThat(openObserve.forOrg(org).stream("old_orders_back", StreamType.LOGS))
                .isEmpty();

        // the dry run counts the records exactly
        Job dry = awaitSuccess(startJob(
                org,
                "/api/v1/backups/" + backupId + "/restore",
                Map.of("streams", Map.of("old_orders", "old_orders_back"), "dryRun", true)));
        assertThat(JSON.readTree(dry.result())
                        .path("streams")
                        .get(0)
                        .path("records_outside_window")
                        .asLong())
                .isEqualTo(120);

        Instant restoreStart = Instant.now().minusSeconds(1);
        awaitSuccess(startJob(
                org,
                "/api/v1/backups/" + backupId + "/restore",
                Map.of("streams", Map.of("old_orders", "old_orders_back"), "timestamps", "shift")));
        List<Map<String, Object>> back = openObserve
                .forOrg(org)
                .search(SearchRequest.sql("SELECT order_id, original_timestamp, _timestamp FROM \"old_orders_back\""
                                + " ORDER BY original_timestamp, order_id")
                        .range(restoreStart, Instant.now().plusSeconds(60))
                        .size(1000)
                        .build())
                .hits();
        assertThat(back).hasSize(120);
        long restoreMicros = SearchRequest.micros(restoreStart);
        assertThat(back).allSatisfy(r -> assertThat(((Number) r.get("_timestamp")).longValue())
                .isGreaterThanOrEqualTo(restoreMicros));
        assertThat(back.stream().map(r -> ((Number) r.get("original_timestamp")).longValue()))
                .containsExactlyInAnyOrderElementsOf(records.stream()
                        .map(r -> ((Number) r.get("_timestamp")).longValue())
                        .toList());
    }
}
