package io.shopwatch.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.metrics.limits.DiscardedSamples;
import io.shopwatch.metrics.limits.IngestionRate;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.limits.SeriesTracker;
import io.shopwatch.metrics.sample.MetricType;
import io.shopwatch.metrics.sample.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetricsIngestorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<SamplePublisher.Outgoing> published = new ArrayList<>();
    private final MetricsIngestor ingestor = new MetricsIngestor(
            new SampleChecks(Duration.ofHours(5), Duration.ofHours(1), Clock.systemUTC()),
            new SeriesTracker(1000, Duration.ofHours(1), Clock.systemUTC()),
            LimitsProvider.fixed(new MetricLimits(100, 1000, 30, 1024, 2048)),
            published::addAll,
            new DiscardedSamples(registry),
            new IngestionRate(1, 3, Clock.systemUTC()));

    private static Item item(int index, int samples) {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            list.add(new Sample(
                    "m", MetricType.GAUGE, new TreeMap<>(Map.of("i", index + "-" + i)), 1, System.currentTimeMillis()));
        }
        return Item.accepted(index, "m", list);
    }

    @Test
    void ingest_overTheOrgsRate_429WithRetryAfter_nothingSent_allCounted() {
        assertThat(ingestor.ingest("o", List.of(item(0, 2))).acceptedSamples()).isEqualTo(2);

        assertThatThrownBy(() -> ingestor.ingest("o", List.of(item(1, 1), item(2, 1))))
                .isInstanceOfSatisfying(RetryLaterException.class, e -> {
                    assertThat(e.type().status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
                    assertThat(e.getMessage())
                            .contains("err-shopwatch-rate-limited")
                            .contains("METRICS_MAX_SAMPLES_PER_SECOND");
                });
        assertThat(published).hasSize(2);
        assertThat(registry.get(DiscardedSamples.METER)
                        .tag("org", "o")
                        .tag("reason", "rate_limited")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }
}
