package io.shopwatch.metrics.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.shopwatch.metrics.ingest.Item;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.sample.MetricType;
import io.shopwatch.metrics.sample.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpMetricsReaderTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final long T = NOW.minusSeconds(10).toEpochMilli() * 1_000_000L;

    private final OtlpMetricsReader reader = new OtlpMetricsReader(
            new SampleChecks(Duration.ofHours(5), Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC)),
            LimitsProvider.fixed(new MetricLimits(100, 1000, 5, 64, 64)),
            16);

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attr("service.name", "checkout"))
                                .addAttributes(attr("service.namespace", "shop"))
                                .addAttributes(attr("service.instance.id", "pod-1"))
                                .addAttributes(attr("telemetry.sdk.language", "java")))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
                .build();
    }

    private static NumberDataPoint point(double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder()
                .setAsDouble(value)
                .setTimeUnixNano(T)
                .addAllAttributes(List.of(attributes))
                .build();
    }

    private static List<Sample> samples(OtlpMetricsReader.Read read) {
        return read.items().stream().flatMap(i -> i.samples().stream()).toList();
    }

    @Test
    void read_sums_monotonicCumulativeIsCounter_otherwiseGauge() {
        Metric counter = Metric.newBuilder()
                .setName("shop.orders_total")
                .setSum(Sum.newBuilder()
                        .setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(point(7, attr("payment.method", "card"))))
                .build();
        Metric upDown = Metric.newBuilder()
                .setName("shop_cart_items")
                .setSum(Sum.newBuilder()
                        .setIsMonotonic(false)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(point(3)))
                .build();
        Metric gauge = Metric.newBuilder()
                .setName("Shop_Inventory_Low")
                .setGauge(Gauge.newBuilder().addDataPoints(point(2)))
                .build();

        List<Sample> samples = samples(reader.read("o", request(counter, upDown, gauge)));

        assertThat(samples)
                .extracting(s -> s.name() + ":" + s.type() + ":" + s.value())
                .containsExactly(
                        "shop_orders_total:COUNTER:7.0", "shop_cart_items:GAUGE:3.0", "shop_inventory_low:GAUGE:2.0");
        assertThat(samples.get(0).labels())
                .containsExactlyEntriesOf(new java.util.TreeMap<>(
                        Map.of("instance", "pod-1", "job", "shop/checkout", "payment_method", "card")));
        assertThat(samples.get(0).timestampMillis()).isEqualTo(T / 1_000_000L);
    }

    @Test
    void read_histogram_cumulativeBucketsSumCount() {
        Metric histogram = Metric.newBuilder()
                .setName("shop_checkout_duration_seconds")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(HistogramDataPoint.newBuilder()
                                .setTimeUnixNano(T)
                                .setCount(10)
                                .setSum(12.5)
                                .addAllExplicitBounds(List.of(0.5, 1.0, 2.5))
                                .addAllBucketCounts(List.of(2L, 3L, 4L, 1L))))
                .build();

        OtlpMetricsReader.Read read = reader.read("o", request(histogram));

        assertThat(read.items()).hasSize(1);
        assertThat(samples(read))
                .extracting(s -> s.name() + s.labels().getOrDefault("le", "") + "=" + s.value())
                .containsExactly(
                        "shop_checkout_duration_seconds_bucket0.5=2.0",
                        "shop_checkout_duration_seconds_bucket1=5.0",
                        "shop_checkout_duration_seconds_bucket2.5=9.0",
                        "shop_checkout_duration_seconds_bucket+Inf=10.0",
                        "shop_checkout_duration_seconds_sum=12.5",
                        "shop_checkout_duration_seconds_count=10.0");
        assertThat(samples(read)).allMatch(s -> s.type() == MetricType.HISTOGRAM);
    }

    @Test
    void read_exponentialHistogram_degradedToClassicBuckets() {
        Metric histogram = Metric.newBuilder()
                .setName("latency")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder()
                                .setTimeUnixNano(T)
                                .setScale(0)
                                .setCount(4)
                                .setSum(9)
                                .setZeroCount(1)
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                        .setOffset(1)
                                        .addAllBucketCounts(List.of(2L, 1L)))))
                .build();

        assertThat(samples(reader.read("o", request(histogram))))
                .extracting(s -> s.name() + s.labels().getOrDefault("le", "") + "=" + s.value())
                .containsExactly(
                        "latency_bucket0=1.0",
                        "latency_bucket4=3.0",
                        "latency_bucket8=4.0",
                        "latency_bucket+Inf=4.0",
                        "latency_sum=9.0",
                        "latency_count=4.0");
    }

    @Test
    void read_deltaHistogram_refusedWithItsErrorId() {
        Metric histogram = Metric.newBuilder()
                .setName("latency")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(
                                HistogramDataPoint.newBuilder().setCount(1).addBucketCounts(1)))
                .build();

        Item item = reader.read("o", request(histogram)).items().get(0);

        assertThat(item.rejection().refusal().errorId()).isEqualTo("err-shopwatch-delta-temporality");
    }

    @Test
    void read_tooManyLabels_refusedPerDataPoint_othersKept() {
        Metric gauge = Metric.newBuilder()
                .setName("g")
                .setGauge(Gauge.newBuilder()
                        .addDataPoints(point(1, attr("a", "1")))
                        .addDataPoints(point(2, attr("a", "1"), attr("b", "2"), attr("c", "3"), attr("d", "4"))))
                .build();

        OtlpMetricsReader.Read read = reader.read("o", request(gauge));

        assertThat(read.items()).extracting(i -> i.rejection() == null).containsExactly(true, false);
        assertThat(read.items().get(1).rejection().refusal().errorId())
                .isEqualTo("err-shopwatch-max-label-names-per-series");
    }

    @Test
    void read_noRecordedValueFlag_isAStaleMarker() {
        Metric gauge = Metric.newBuilder()
                .setName("g")
                .setGauge(Gauge.newBuilder().addDataPoints(point(1).toBuilder().setFlags(1)))
                .build();

        OtlpMetricsReader.Read read = reader.read("o", request(gauge));

        assertThat(read.items()).isEmpty();
        assertThat(read.staleMarkers()).isEqualTo(1);
    }
}
