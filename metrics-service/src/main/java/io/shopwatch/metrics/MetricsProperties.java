package io.shopwatch.metrics;

import io.shopwatch.metrics.limits.MetricLimits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of metric ingestion ({@code shopwatch.metrics.*}); the limits' defaults follow Mimir's where Mimir has one.
 *
 * @param maxSeriesPerMetric distinct series per metric name and org
 * @param maxSeriesPerOrg distinct series per org
 * @param maxLabelNamesPerSeries labels per series (Mimir: 30)
 * @param maxLabelNameLength characters per label name (Mimir: 1024)
 * @param maxLabelValueLength characters per label value and metric name (Mimir: 2048)
 * @param maxTrackedSeries series held in memory over all orgs, the bound of the series tracker (~100 B each)
 * @param seriesIdleTimeout a series not seen for this long no longer counts against the limits
 * @param allowedPast oldest sample accepted, relative to now (the pipeline's own window must be at least as wide)
 * @param allowedFuture furthest sample in the future accepted
 * @param maxSamplesPerRequest most samples (JSON elements, remote-write samples) in one request; more is 413
 * @param maxRemoteWriteSize largest remote-write body after snappy decompression; larger is 413
 * @param sendTimeout longest wait for Kafka's acknowledgement of a request's samples
 * @param retryAfter Retry-After of a 503
 * @param queryPageSize rows per {@code _search} request when a query reads samples
 * @param queryMaxSamples most samples one PromQL query may read; more is {@code bad_data}
 * @param definitionsCacheTtl how long an org's metric definitions (their limits) are used before being read again
 * @param maxOtlpSize largest OTLP request body after gzip decompression; larger is 413
 * @param otlpMaxExponentialBuckets most classic buckets an OTLP exponential histogram is degraded to (OpenObserve's
 *     cap on native histograms is 16)
 * @param maxSamplesPerSecond samples per second an org may send (Mimir's {@code ingestion_rate}); more is 429
 * @param ingestionBurst samples an org may send at once above the rate (Mimir's {@code ingestion_burst_size})
 */
@Validated
@ConfigurationProperties("shopwatch.metrics")
public record MetricsProperties(
        @Min(1) @DefaultValue("10000") int maxSeriesPerMetric,
        @Min(1) @DefaultValue("100000") int maxSeriesPerOrg,
        @Min(1) @DefaultValue("30") int maxLabelNamesPerSeries,
        @Min(1) @DefaultValue("1024") int maxLabelNameLength,
        @Min(1) @DefaultValue("2048") int maxLabelValueLength,
        @Min(1) @DefaultValue("1000000") long maxTrackedSeries,
        @NotNull @DefaultValue("1h") Duration seriesIdleTimeout,
        @NotNull @DefaultValue("5h") Duration allowedPast,
        @NotNull @DefaultValue("1h") Duration allowedFuture,
        @Min(1) @DefaultValue("10000") int maxSamplesPerRequest,
        @NotNull @DefaultValue("32MB") DataSize maxRemoteWriteSize,
        @NotNull @DefaultValue("10s") Duration sendTimeout,
        @NotNull @DefaultValue("5s") Duration retryAfter,
        @Min(1) @DefaultValue("10000") int queryPageSize,
        @Min(1) @DefaultValue("5000000") long queryMaxSamples,
        @NotNull @DefaultValue("30s") Duration definitionsCacheTtl,
        @NotNull @DefaultValue("64MB") DataSize maxOtlpSize,
        @Min(1) @DefaultValue("16") int otlpMaxExponentialBuckets,
        @Min(1) @DefaultValue("10000") long maxSamplesPerSecond,
        @Min(1) @DefaultValue("200000") long ingestionBurst) {

    public MetricLimits limits() {
        return new MetricLimits(
                maxSeriesPerMetric, maxSeriesPerOrg, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength);
    }
}
