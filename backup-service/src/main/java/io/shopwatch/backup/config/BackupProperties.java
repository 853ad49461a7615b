package io.shopwatch.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of backup-service under {@code shopwatch.backup}; every key is listed with its environment variable in
 * application.yml and the README.
 *
 * @param defaultTarget the target used when a request names none
 * @param workDir local scratch directory for files on their way to or from a target; empty for the JVM's temp dir
 * @param local the local-directory target
 * @param s3 the S3-compatible target
 * @param streams how stream data is exported
 * @param restore how it is re-ingested
 * @param jobs the job queue
 * @param state the services whose platform state is backed up
 * @param schedules the cron schedules
 * @param encryptionKey base64 of a 32-byte AES-256 key: new sets' files are encrypted (AES-256-GCM) when set
 * @param encryptionPreviousKeys comma-separated base64 keys used before the current one: they only decrypt the sets
 *     they wrote
 */
@Validated
@ConfigurationProperties("shopwatch.backup")
public record BackupProperties(
        @DefaultValue("local") @NotBlank String defaultTarget,
        @DefaultValue("") String workDir,
        @DefaultValue @Valid Local local,
        @DefaultValue @Valid S3 s3,
        @DefaultValue @Valid Streams streams,
        @DefaultValue @Valid Restore restore,
        @DefaultValue @Valid Jobs jobs,
        @DefaultValue @Valid State state,
        @DefaultValue @Valid Schedules schedules,
        @DefaultValue("") String encryptionKey,
        @DefaultValue("") String encryptionPreviousKeys) {

    @Override
    public String toString() {
        return "BackupProperties[defaultTarget=" + defaultTarget + ", s3=" + s3 + ", state=" + state
                + ", encryptionKey=" + (encryptionKey.isEmpty() ? "none" : "***")
                + ", encryptionPreviousKeys=" + (encryptionPreviousKeys.isEmpty() ? "none" : "***") + "]";
    }

    /**
     * @param enabled fire due schedules on this replica (every replica may: each fire time runs once)
     * @param interval how often due schedules are looked for
     * @param batch most schedules fired in one look
     */
    public record Schedules(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") @NotNull Duration interval,
            @DefaultValue("50") @Min(1) int batch) {}

    /**
     * @param services service name → its state API ({@code http://dashboard-service:8088/api/v1/dashboards/state});
     *     an empty URL leaves the service out
     * @param token bearer token sent to every state API: a service token that is {@code admin} of the orgs backed up
     * @param timeout timeout of one export or import call
     */
    public record State(
            @DefaultValue java.util.Map<String, String> services,
            @DefaultValue("") String token,
            @DefaultValue("60s") @NotNull Duration timeout) {

        public State {
            services = services == null ? java.util.Map.of() : java.util.Map.copyOf(services);
        }

        @Override
        public String toString() {
            return "State[services=" + services + ", token=***]";
        }
    }

    /**
     * @param enabled whether the target named {@code local} exists
     * @param dir its directory
     */
    public record Local(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("data/backups") @NotBlank String dir) {}

    /**
     * The S3-compatible target, named {@code s3}; see {@link io.shopwatch.backup.target.S3Target.Settings}.
     *
     * @param enabled whether it exists
     * @param checksums {@code when-required} (default: S3-compatible stores such as older MinIO, Ceph RGW or GCS refuse
     *     the SDK's flexible checksums) or {@code when-supported} (the SDK's default, for AWS S3)
     */
    public record S3(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("") String endpoint,
            @DefaultValue("us-east-1") @NotBlank String region,
            @DefaultValue("shopwatch-backups") @NotBlank String bucket,
            @DefaultValue("") String prefix,
            @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey,
            @DefaultValue("true") boolean pathStyle,

            @DefaultValue("when-required")
            @jakarta.validation.constraints.Pattern(regexp = "when-required|when-supported") String checksums,

            @DefaultValue("8MB") @NotNull org.springframework.util.unit.DataSize partSize,
            @DefaultValue("16MB") @NotNull org.springframework.util.unit.DataSize multipartThreshold,
            @DefaultValue("60s") @NotNull Duration timeout) {

        @Override
        public String toString() {
            return "S3[enabled=" + enabled + ", endpoint=" + endpoint + ", bucket=" + bucket + ", secretKey=***]";
        }
    }

    /**
     * @param slice length of one time slice: one file per stream and slice
     * @param pageSize most records one {@code _search} request may return (OpenObserve's default limit is 1000)
     * @param readAttempts reads of a slice piece whose hit count differs from its count before the backup fails
     * @param maxRange longest time range one backup may cover
     */
    public record Streams(
            @DefaultValue("1h") @NotNull Duration slice,
            @DefaultValue("1000") @Min(1) @Max(100_000) int pageSize,
            @DefaultValue("3") @Min(1) int readAttempts,
            @DefaultValue("400d") @NotNull Duration maxRange) {}

    /**
     * @param ingestAllowedUpto OpenObserve's {@code ZO_INGEST_ALLOWED_UPTO} of the store restored into
     * @param ingestAllowedInFuture its {@code ZO_INGEST_ALLOWED_IN_FUTURE}
     * @param windowMargin how far inside that window a record must lie to be restored as it is
     * @param batchSize records per ingestion request
     */
    public record Restore(
            @DefaultValue("5h") @NotNull Duration ingestAllowedUpto,
            @DefaultValue("24h") @NotNull Duration ingestAllowedInFuture,
            @DefaultValue("10m") @NotNull Duration windowMargin,
            @DefaultValue("1000") @Min(1) @Max(100_000) int batchSize) {}

    /**
     * @param concurrency jobs run at once by this replica
     * @param pollInterval how often the queue is looked at
     * @param progressInterval how often a running job writes its progress (its heartbeat)
     * @param lease a running job without heartbeat for this long is requeued (its worker died)
     * @param maxAttempts starts of one job before it is failed
     */
    public record Jobs(
            @DefaultValue("1") @Min(1) @Max(16) int concurrency,
            @DefaultValue("1s") @NotNull Duration pollInterval,
            @DefaultValue("1s") @NotNull Duration progressInterval,
            @DefaultValue("2m") @NotNull Duration lease,
            @DefaultValue("3") @Min(1) int maxAttempts) {}
}
