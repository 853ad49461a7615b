package io.shopwatch.store.config;

import io.shopwatch.common.tracing.PlatformTraceExportProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The store's settings, under {@code store}; application.yml maps each to OpenObserve's own environment variable
 * where one exists ({@code ZO_*}).
 *
 * @param dataDir {@code ZO_DATA_DIR}: the DuckDB file lives in {@code <dataDir>/duckdb/store.duckdb}
 * @param rootUserEmail {@code ZO_ROOT_USER_EMAIL}: Basic auth user
 * @param rootUserPassword {@code ZO_ROOT_USER_PASSWORD}: its password
 * @param rootUserToken {@code ZO_ROOT_USER_TOKEN}: accepted as the root user's password too; empty for none
 * @param ingestAllowedUpto {@code ZO_INGEST_ALLOWED_UPTO}: hours into the past a record may be
 * @param ingestAllowedInFuture {@code ZO_INGEST_ALLOWED_IN_FUTURE}: hours into the future a record may be
 * @param ingestFlattenLevel {@code ZO_INGEST_FLATTEN_LEVEL}: nesting levels flattened into columns (0 = all)
 * @param colsPerRecordLimit {@code ZO_COLS_PER_RECORD_LIMIT}: fields a record may have
 * @param skipFormatStreamName {@code ZO_SKIP_FORMAT_STREAM_NAME}: keep stream names as sent
 * @param formatStreamNameToLowercase {@code ZO_FORMAT_STREAM_NAME_TO_LOWERCASE}: lower-case stream names
 * @param payloadLimit {@code ZO_PAYLOAD_LIMIT}: largest request body, bytes (also after decompression)
 * @param queryDefaultLimit {@code ZO_QUERY_DEFAULT_LIMIT}: hits when a search gives no size
 * @param queryValuesDefaultNum {@code ZO_QUERY_VALUES_DEFAULT_NUM}: values per field of {@code _values}
 * @param queryTimeout {@code ZO_QUERY_TIMEOUT}: longest search, seconds
 * @param dataRetentionDays {@code ZO_COMPACT_DATA_RETENTION_DAYS}: retention of streams that set none
 * @param retentionInterval {@code ZO_COMPACT_DATA_RETENTION_INTERVAL}: seconds between retention runs
 * @param duckdbMemoryLimit {@code STORE_DUCKDB_MEMORY_LIMIT}: DuckDB's memory limit (it spills beyond it)
 * @param duckdbThreads {@code STORE_DUCKDB_THREADS}: DuckDB worker threads, 0 = one per core
 * @param connections {@code STORE_CONNECTIONS}: DuckDB connections for concurrent requests
 * @param duckdbCheckpointThreshold {@code STORE_DUCKDB_CHECKPOINT_THRESHOLD}: DuckDB's {@code checkpoint_threshold},
 *     the write-ahead log's size at which a commit checkpoints the database itself (64 MB: a quarter of the
 *     checkpoints at DuckDB's default of 16 MB, each rewriting fewer partly filled row groups); empty for DuckDB's
 *     own default
 * @param statsWriteInterval {@code STORE_STATS_WRITE_INTERVAL}: how often the streams' ingested sizes, counted in
 *     memory as appends commit, are written to the database (a crash loses at most this long's count, never a record)
 * @param platformOrg {@code PLATFORM_TRACING_ORG}: the org of the platform's own spans; writes into it make no span
 *     here, since the store's spans go there themselves (through tracing-service and the pipeline) when it exports them
 */
@Validated
@ConfigurationProperties(prefix = "store")
public record StoreProperties(
        @NotBlank @DefaultValue("./data/openobserve/") String dataDir,
        @NotBlank @DefaultValue("root@example.com") String rootUserEmail,
        @NotBlank @DefaultValue("Complexpass#123") String rootUserPassword,
        @DefaultValue("") String rootUserToken,
        @Min(0) @DefaultValue("5") long ingestAllowedUpto,
        @Min(0) @DefaultValue("24") long ingestAllowedInFuture,
        @Min(0) @DefaultValue("3") int ingestFlattenLevel,
        @Min(1) @DefaultValue("1000") int colsPerRecordLimit,
        @DefaultValue("false") boolean skipFormatStreamName,
        @DefaultValue("true") boolean formatStreamNameToLowercase,
        @Min(1) @DefaultValue("209715200") long payloadLimit,
        @Min(1) @DefaultValue("1000") int queryDefaultLimit,
        @Min(1) @DefaultValue("10") int queryValuesDefaultNum,
        @Min(1) @DefaultValue("600") int queryTimeout,
        @Min(0) @DefaultValue("3650") int dataRetentionDays,
        @DefaultValue("3600s") Duration retentionInterval,
        @DefaultValue("1GB") String duckdbMemoryLimit,
        @Min(0) @DefaultValue("0") int duckdbThreads,
        @Min(2) @DefaultValue("16") int connections,
        @DefaultValue("64MB") String duckdbCheckpointThreshold,
        @DefaultValue("10s") Duration statsWriteInterval,

        @DefaultValue(PlatformTraceExportProperties.DEFAULT_ORG)
        String platformOrg) {

    @Override
    public String toString() {
        return "StoreProperties[dataDir=" + dataDir + ", rootUserEmail=" + rootUserEmail + ", rootUserPassword=***]";
    }
}
