package io.shopwatch.backup.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.set.BackupSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The request and answer bodies of the backup API. */
public final class BackupApi {

    private BackupApi() {}

    /**
     * {@code POST /api/v1/backups}.
     *
     * @param kind {@code streams} (default) or {@code state}
     * @param services for {@code state}: the services whose state is exported; default every configured one
     * @param streams stream names of the caller's org
     * @param streamType {@code logs} (default), {@code metrics}, {@code traces}
     * @param start inclusive start (RFC 3339); default a day before {@code end}
     * @param end exclusive end; default now
     * @param target a configured target's name; default {@code SHOPWATCH_BACKUP_DEFAULT_TARGET}
     * @param slice length of one file's time slice ({@code 30m}, {@code 1h}, ISO-8601); default
     *     {@code SHOPWATCH_BACKUP_SLICE}
     * @param incremental start where the newest restorable set of the same streams ended (its {@code end} is the
     *     watermark); {@code start} is used only when there is none
     * @param full for {@code state}: also the secrets services leave out by default (auth-service's password and
     *     API-key hashes, encrypted by auth-service); refused unless {@code SHOPWATCH_BACKUP_ENCRYPTION_KEY} is set
     */
    public record CreateBackup(
            String kind,
            List<String> services,
            List<String> streams,
            String streamType,
            Instant start,
            Instant end,
            String target,
            String slice,
            Boolean incremental,
            Boolean full) {}

    /**
     * {@code POST /api/v1/backups/{id}/restore}.
     *
     * @param streams backup stream → target stream; empty or absent: every stream under its own name
     * @param dryRun check and report only
     * @param timestamps {@code refuse} (default) or {@code shift}, for records outside OpenObserve's ingestion window
     * @param ifExists {@code fail} (default) or {@code append}, when a target stream already holds records
     * @param services state sets: the services restored; empty or absent: every service of the set
     * @param conflicts state sets: {@code fail} (default), {@code skip} or {@code overwrite}, for an item that exists
     *     with other content
     */
    public record Restore(
            Map<String, String> streams,
            Boolean dryRun,
            String timestamps,
            String ifExists,
            List<String> services,
            String conflicts) {}

    /** {@code POST /api/v1/backups/{id}/verify}: {@code quick} (default) or {@code full}. */
    public record Verify(String mode) {}

    /** A job as the API shows it. */
    public record JobView(
            String id,
            String kind,
            @JsonProperty("backup_id") String backupId,
            String state,
            double percent,
            long bytes,
            long records,
            @JsonProperty("current_slice") String currentSlice,
            @JsonProperty("eta_seconds") Long etaSeconds,
            int attempt,
            @JsonProperty("cancel_requested") boolean cancelRequested,
            JsonNode result,
            String error,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("finished_at") Instant finishedAt) {

        static JobView of(Job job, tools.jackson.databind.ObjectMapper json) {
            return new JobView(
                    job.id(),
                    job.kind().name().toLowerCase(java.util.Locale.ROOT),
                    job.backupId(),
                    job.state().name().toLowerCase(java.util.Locale.ROOT),
                    Math.round(job.progress().percent() * 10) / 10.0,
                    job.progress().bytes(),
                    job.progress().records(),
                    job.progress().currentSlice(),
                    job.progress().etaSeconds(),
                    job.attempt(),
                    job.cancelRequested(),
                    job.result() == null ? null : json.readTree(job.result()),
                    job.error(),
                    job.createdAt(),
                    job.startedAt(),
                    job.finishedAt());
        }
    }

    /** A backup set as the API shows it. */
    public record SetView(
            String id,
            String kind,
            String target,
            Instant start,
            Instant end,
            List<String> streams,
            int files,
            long records,
            long bytes,
            @JsonProperty("manifest_sha256") String manifestSha256,
            String status,
            boolean restorable,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("verified_at") Instant verifiedAt,
            @JsonProperty("verify_detail") String verifyDetail,
            String parent) {

        static SetView of(BackupSet set) {
            return new SetView(
                    set.id(),
                    set.kind(),
                    set.target(),
                    set.start() == null ? null : Instant.ofEpochSecond(0, set.start() * 1000),
                    set.end() == null ? null : Instant.ofEpochSecond(0, set.end() * 1000),
                    set.streams(),
                    set.files(),
                    set.records(),
                    set.bytes(),
                    set.manifestSha256(),
                    set.status(),
                    set.restorable(),
                    set.createdAt(),
                    set.verifiedAt(),
                    set.verifyDetail(),
                    set.parent());
        }
    }

    /**
     * {@code POST /api/v1/backups/retention}: counts of sets kept by each rule (see
     * {@link io.shopwatch.backup.retention.RetentionPolicy}); {@code dryRun} reports without deleting.
     */
    public record Retention(
            Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly, Boolean dryRun) {}

    /** The answer to a retention request. */
    public record RetentionView(
            @JsonProperty("dry_run") boolean dryRun,
            List<io.shopwatch.backup.retention.RetentionPolicy.Decision> decisions,
            List<String> deleted) {}

    /** {@code GET /api/v1/backups}. */
    public record SetList(List<SetView> backups) {}

    /** {@code GET /api/v1/backups/jobs}. */
    public record JobList(List<JobView> jobs) {}
}
