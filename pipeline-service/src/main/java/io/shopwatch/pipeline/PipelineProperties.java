package io.shopwatch.pipeline;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.tracing.PlatformTraceExportProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the pipeline, under {@code shopwatch.pipeline} (see application.yml for each key's variable).
 *
 * @param topics raw topics consumed
 * @param concurrency consumers per instance (at most the number of partitions is useful)
 * @param stages the default stage chain, by name
 * @param streams per-stream overrides: their own chain, required fields, JSON schema. Dynamic, like the default chain,
 *     the service metadata and the amount bands: see {@link StageRulesReloader}
 * @param flattenDepth nesting depth kept as separate fields, like OpenObserve's ZO_INGEST_FLATTEN_LEVEL
 * @param dedupMaxBytes heap the de-duplication window may take, in bytes (see {@code Deduplicator})
 * @param dedupWindow how long a stored record's key is remembered
 * @param recoveryWindow records per partition checked against the store after a rebalance (at least max.poll.records)
 * @param allowedPast oldest record accepted, like OpenObserve's ZO_INGEST_ALLOWED_UPTO
 * @param allowedFuture newest record accepted, like OpenObserve's ZO_INGEST_ALLOWED_IN_FUTURE
 * @param userAgentCacheSize parsed user agents kept
 * @param geoipDatabase path of a MaxMind-format database; empty for none
 * @param geoipCsv a CSV of IP ranges in DB-IP's lite layout ({@code start_ip,end_ip,country}), a path or a
 *     {@code classpath:}/{@code file:} location; empty for none. With both set, the database answers first
 * @param serviceMetadata per service name, fields added as service_&lt;key&gt;
 * @param amountBands limits of the order-amount bands
 * @param publishTimeout how long Kafka may take to acknowledge stored and dead-lettered records
 * @param retryInitialInterval first pause before a batch is retried when the store is unavailable
 * @param retryMaxInterval longest pause between retries (retries never stop: nothing is dropped)
 * @param maxRecordBytes largest raw record read; a larger one is dead-lettered with its size as the reason
 * @param maxBatchBytes most raw bytes processed at once: a larger poll is processed in slices of this size
 * @param storeMaxRequestBytes most bytes of documents in one store request; a stream's batch is split to fit
 * @param traceRecords continue the traces the records carry (a span per sampled trace context and per store request)
 * @param untracedOrgs orgs whose records never make spans, whatever they carry: the platform org, whose spans would
 *     otherwise be traced while stored and exported into it again
 */
@Validated
@ConfigurationProperties("shopwatch.pipeline")
public record PipelineProperties(
        @NotEmpty List<String> topics,
        @Min(1) int concurrency,
        @NotEmpty List<String> stages,
        Map<String, StreamSettings> streams,
        int flattenDepth,
        @Min(1) long dedupMaxBytes,
        Duration dedupWindow,
        @Min(1) int recoveryWindow,
        Duration allowedPast,
        Duration allowedFuture,
        @Min(1) int userAgentCacheSize,
        String geoipDatabase,
        String geoipCsv,
        Map<String, Map<String, String>> serviceMetadata,
        @NotEmpty List<Double> amountBands,
        Duration publishTimeout,
        Duration retryInitialInterval,
        Duration retryMaxInterval,
        @Min(1) int maxRecordBytes,
        @Min(1) long maxBatchBytes,
        @Min(1) int storeMaxRequestBytes,
        Boolean traceRecords,
        List<String> untracedOrgs) {

    /** Stages every chain must contain: they build the stored document. */
    public static final List<String> REQUIRED_STAGES = List.of("flatten", "timestamp");

    public static final List<String> DEFAULT_STAGES = List.of(
            "flatten",
            "timestamp",
            "level",
            "user_agent",
            "geo_ip",
            "service_metadata",
            "order_amount_band",
            "required_fields",
            "timestamp_sanity",
            "json_schema",
            "pii_mask");

    /**
     * Overrides for one stream.
     *
     * @param stages its stage chain (the default chain when empty)
     * @param requiredFields fields every record of the stream must have
     * @param schema location of a JSON schema the payload must satisfy (classpath: or file:)
     * @param jsonSchema the JSON schema document itself (draft 2020-12), instead of a location: what config-service
     *     can check when it is published
     */
    public record StreamSettings(List<String> stages, List<String> requiredFields, String schema, String jsonSchema) {

        public StreamSettings {
            stages = stages == null ? List.of() : List.copyOf(stages);
            requiredFields = requiredFields == null ? List.of() : List.copyOf(requiredFields);
        }
    }

    public PipelineProperties {
        topics = topics == null || topics.isEmpty()
                ? List.of(Topics.LOGS_RAW, Topics.EVENTS_RAW, Topics.METRICS_RAW, Topics.SPANS_RAW)
                : List.copyOf(topics);
        concurrency = concurrency <= 0 ? 1 : concurrency;
        stages = stages == null || stages.isEmpty() ? DEFAULT_STAGES : List.copyOf(stages);
        streams = streams == null ? Map.of() : Map.copyOf(streams);
        flattenDepth = flattenDepth == 0 ? 3 : flattenDepth;
        dedupMaxBytes = dedupMaxBytes <= 0 ? 32L * 1024 * 1024 : dedupMaxBytes;
        dedupWindow = dedupWindow == null ? Duration.ofMinutes(10) : dedupWindow;
        recoveryWindow = recoveryWindow <= 0 ? 5_000 : recoveryWindow;
        allowedPast = allowedPast == null ? Duration.ofHours(5) : allowedPast;
        allowedFuture = allowedFuture == null ? Duration.ofHours(24) : allowedFuture;
        userAgentCacheSize = userAgentCacheSize <= 0 ? 10_000 : userAgentCacheSize;
        geoipDatabase = geoipDatabase == null ? "" : geoipDatabase.trim();
        geoipCsv = geoipCsv == null ? "" : geoipCsv.trim();
        serviceMetadata = serviceMetadata == null ? Map.of() : Map.copyOf(serviceMetadata);
        amountBands = amountBands == null || amountBands.isEmpty() ? List.of(50.0, 200.0, 1000.0) : amountBands;
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(30) : publishTimeout;
        retryInitialInterval = retryInitialInterval == null ? Duration.ofMillis(500) : retryInitialInterval;
        retryMaxInterval = retryMaxInterval == null ? Duration.ofSeconds(30) : retryMaxInterval;
        maxRecordBytes = maxRecordBytes <= 0 ? 1024 * 1024 : maxRecordBytes;
        maxBatchBytes = maxBatchBytes <= 0 ? 4L * 1024 * 1024 : maxBatchBytes;
        storeMaxRequestBytes = storeMaxRequestBytes <= 0 ? 4 * 1024 * 1024 : storeMaxRequestBytes;
        traceRecords = traceRecords == null || traceRecords;
        untracedOrgs =
                untracedOrgs == null ? List.of(PlatformTraceExportProperties.DEFAULT_ORG) : List.copyOf(untracedOrgs);
    }

    /** For the listener annotation. */
    public String[] topicArray() {
        return topics.toArray(String[]::new);
    }
}
