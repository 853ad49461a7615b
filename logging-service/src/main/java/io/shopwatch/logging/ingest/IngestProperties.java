package io.shopwatch.logging.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the ingestion endpoints ({@code shopwatch.ingest.*}).
 *
 * @param maxBodySize largest request body, after gzip decompression; larger bodies are answered 413
 * @param maxRecordsPerBatch most records in one request; more are answered 413
 * @param maxInFlightBytes request bytes all ingestion requests together may hold in memory; beyond it a request waits
 *     up to {@code budgetWait}, then gets 503 with Retry-After
 * @param budgetWait how long a request waits for room in {@code maxInFlightBytes}
 * @param sendTimeout longest wait for Kafka's acknowledgement of a batch (a safety net above the producer's own
 *     {@code delivery.timeout.ms})
 * @param retryAfter what the Retry-After header of a 503 says
 * @param healthTimeout how long the {@code kafka} health check waits for the cluster to answer
 */
@Validated
@ConfigurationProperties("shopwatch.ingest")
public record IngestProperties(
        @NotNull @DefaultValue("10MB") DataSize maxBodySize,
        @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxRecordsPerBatch,
        @NotNull @DefaultValue("32MB") DataSize maxInFlightBytes,
        @NotNull @DefaultValue("2s") Duration budgetWait,
        @NotNull @DefaultValue("10s") Duration sendTimeout,
        @NotNull @DefaultValue("5s") Duration retryAfter,
        @NotNull @DefaultValue("2s") Duration healthTimeout) {

    /** Seconds for the Retry-After header, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }
}
