package io.shopwatch.backup.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.set.BackupSetRepository;
import io.shopwatch.backup.set.Manifest;
import io.shopwatch.backup.stream.StreamBackupHandler;
import io.shopwatch.backup.stream.StreamBackupRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The queue with its worker: progress, cancel, and a job whose process died. */
class JobQueueTest extends BackupTestSupport {

    @Autowired
    JobWorker worker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StreamBackupHandler backups;

    @Autowired
    BackupSetRepository sets;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    @Test
    void runningBackup_reportsProgress_andCancelStopsIt_withoutASet() {
        String org = "cancel";
        ingestOrders(org, "clicks", 50, now.minus(Duration.ofMinutes(60)), now.minus(Duration.ofMinutes(1)));
        // one-second slices over six hours: thousands of slices, each a count request, so the job runs for a while
        String id = startJob(
                org,
                "/api/v1/backups",
                Map.of(
                        "streams", List.of("clicks"),
                        "start", now.minus(Duration.ofHours(6)).toString(),
                        "end", now.toString(),
                        "slice", "1s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode view = json(get(org, "/api/v1/backups/jobs/" + id));
            return view.path("state").asString().equals("running")
                    && view.path("percent").asDouble() > 0
                    && view.path("current_slice").asString().startsWith("clicks [")
                    && view.path("eta_seconds").isNumber();
        });
        JsonNode cancelled = json(post(org, "/api/v1/backups/jobs/" + id + "/cancel", Map.of()));
        assertThat(cancelled.path("cancel_requested").asBoolean()).isTrue();
        Job job = awaitJob(id);
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.error()).isEqualTo("cancelled by request");
        assertThat(json(get(org, "/api/v1/backups")).path("backups")).isEmpty();
        assertThat(Files.exists(backupDir().resolve(job.backupId()).resolve(Manifest.FILE)))
                .isFalse();
        // a finished job is not cancelled again
        assertThat(json(post(org, "/api/v1/backups/jobs/" + id + "/cancel", Map.of()))
                        .path("state")
                        .asString())
                .isEqualTo("cancelled");
    }

    @Test
    void queuedJob_isCancelledAtOnce() {
        worker.stop();
        try {
            Job job = jobs.enqueue("cancel_queued", JobKind.VERIFY, "bk-none", "{\"mode\":\"quick\"}");
            Job after = jobs.requestCancel("cancel_queued", job.id()).orElseThrow();
            assertThat(after.state()).isEqualTo(JobState.CANCELLED);
            assertThat(after.finishedAt()).isNotNull();
        } finally {
            worker.start();
        }
    }

    @Test
    void unknownJob_is404_andAnotherOrgsJobToo() {
        Job job = jobs.enqueue("owner_org", JobKind.VERIFY, "bk-none", "{\"mode\":\"quick\"}");
        assertThat(get("owner_org", "/api/v1/backups/jobs/nope").statusCode()).isEqualTo(404);
        assertThat(get("intruder", "/api/v1/backups/jobs/" + job.id()).statusCode())
                .isEqualTo(404);
        awaitJob(job.id());
    }

    /**
     * A backup whose process is killed in the middle (simulated: the handler stops dead after a few slices, as
     * {@code kill -9} would stop it) leaves files but no manifest and no catalog entry; its job row stays RUNNING with
     * an old heartbeat. The worker requeues it, runs it again from a clean prefix, and the set appears only then.
     */
    @Test
    void killedBackup_leavesNoCompleteSet_andTheRequeuedJobCompletesIt() throws Exception {
        String org = "crash";
        Instant from = now.minus(Duration.ofMinutes(100));
        Instant to = now.minus(Duration.ofMinutes(10));
        ingestOrders(org, "payments", 900, from, to);
        long start = io.shopwatch.common.openobserve.SearchRequest.micros(from);
        long end = io.shopwatch.common.openobserve.SearchRequest.micros(to);
        String request = JSON.writeValueAsString(
                new StreamBackupRequest(List.of("payments"), "logs", start, end, "local", 10 * 60_000_000L, null));

        worker.stop();
        Job job;
        try {
            Job queued = jobs.enqueue(org, JobKind.BACKUP_STREAMS, "bk-crash-test", request);
            job = jobs.claim("a-worker-that-will-die").orElseThrow();
            assertThat(job.id()).isEqualTo(queued.id());
            AtomicInteger checkpoints = new AtomicInteger();
            try {
                backups.run(job, progress -> {
                    if (checkpoints.incrementAndGet() > 4) {
                        throw new ProcessKilled();
                    }
                });
            } catch (ProcessKilled expected) {
                // the process is gone: nothing after this point ran
            }
            Path setDir = backupDir().resolve("bk-crash-test");
            try (var files = Files.walk(setDir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".ndjson.gz")))
                        .isNotEmpty();
            }
            assertThat(Files.exists(setDir.resolve(Manifest.FILE))).isFalse();
            assertThat(sets.find(org, "bk-crash-test")).isEmpty();
            assertThat(json(get(org, "/api/v1/backups")).path("backups")).isEmpty();
            assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            // the dead worker's last heartbeat was long ago
            jdbc.sql("UPDATE backup_job SET heartbeat_at = ? WHERE id = ?")
                    .params(Timestamp.from(Instant.now().minus(Duration.ofHours(1))), job.id())
                    .update();
            Files.writeString(setDir.resolve("data").resolve("stray.tmp"), "left by the dead process");
        } finally {
            worker.start();
        }

        Job done = awaitSuccess(job.id());
        assertThat(done.attempt()).isEqualTo(2);
        JsonNode listed = json(get(org, "/api/v1/backups")).path("backups");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("records").asLong()).isEqualTo(900);
        assertThat(Files.exists(backupDir().resolve("bk-crash-test/data/stray.tmp")))
                .isFalse();
        String verify = startJob(org, "/api/v1/backups/bk-crash-test/verify", Map.of("mode", "full"));
        awaitSuccess(verify);
    }

    /** Stands for the process dying. */
    private static final class ProcessKilled extends RuntimeException {}
}
