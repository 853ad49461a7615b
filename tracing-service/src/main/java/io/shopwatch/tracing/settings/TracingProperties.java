package io.shopwatch.tracing.settings;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of span ingestion ({@code shopwatch.tracing.*}).
 *
 * @param stream the OpenObserve {@code traces} stream spans are stored in ({@code default}, as OpenObserve's own OTLP
 *     endpoint uses)
 * @param maxBodySize largest request body, counted after decompression; larger bodies get 413
 * @param sendTimeout longest wait for Kafka's acknowledgement of one request's spans
 * @param retryAfter the {@code Retry-After} of a 503 when Kafka cannot take spans
 * @param queryLookback time range of a trace read or search that gives no {@code start}
 * @param logsStreams the OpenObserve logs streams whose records with a trace's {@code trace_id} the trace view shows
 * @param logsMargin how far before the trace's start and after its end those logs are looked for
 */
@ConfigurationProperties("shopwatch.tracing")
public record TracingProperties(
        @DefaultValue("default") String stream,
        @DefaultValue("16MB") DataSize maxBodySize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("6h") Duration queryLookback,
        @DefaultValue("default") List<String> logsStreams,
        @DefaultValue("1m") Duration logsMargin) {}
