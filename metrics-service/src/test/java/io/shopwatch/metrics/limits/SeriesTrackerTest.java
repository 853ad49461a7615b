package io.shopwatch.metrics.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.metrics.sample.MetricType;
import io.shopwatch.metrics.sample.Sample;
import io.shopwatch.metrics.sample.Sample.SeriesId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeriesTrackerTest {

    private static final MetricLimits LIMITS = new MetricLimits(3, 5, 30, 1024, 2048);

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static SeriesId series(String metric, String value) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("k", value);
        return SeriesId.of(metric, labels);
    }

    @Test
    void admit_perMetricLimit_refusesNewSeriesOnly() {
        SeriesTracker tracker = new SeriesTracker(1000, Duration.ofHours(1), Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            assertThat(tracker.admit("o", List.of(series("m", "v" + i)), LIMITS).admitted())
                    .isTrue();
        }
        SeriesTracker.Admission refused = tracker.admit("o", List.of(series("m", "v3")), LIMITS);
        assertThat(refused.rejection().refusal()).isEqualTo(Refusal.MAX_SERIES_PER_METRIC);
        assertThat(tracker.admit("o", List.of(series("m", "v1")), LIMITS).admitted())
                .isTrue();
        assertThat(tracker.admit("other", List.of(series("m", "v3")), LIMITS).admitted())
                .isTrue();
    }

    @Test
    void admit_group_allOrNothing() {
        SeriesTracker tracker = new SeriesTracker(1000, Duration.ofHours(1), Clock.systemUTC());
        tracker.admit("o", List.of(series("a", "1"), series("a", "2")), LIMITS);
        SeriesTracker.Admission refused = tracker.admit(
                "o", List.of(series("b", "1"), series("b", "2"), series("b", "3"), series("b", "4")), LIMITS);
        assertThat(refused.rejection().refusal()).isEqualTo(Refusal.MAX_SERIES_PER_ORG);
        assertThat(tracker.seriesOf("o")).isEqualTo(2);
    }

    @Test
    void admit_globalBound_holdsOverAllOrgs() {
        SeriesTracker tracker = new SeriesTracker(4, Duration.ofHours(1), Clock.systemUTC());
        for (int org = 0; org < 4; org++) {
            assertThat(tracker.admit("o" + org, List.of(series("m", "x")), LIMITS)
                            .admitted())
                    .isTrue();
        }
        assertThat(tracker.admit("o9", List.of(series("m", "x")), LIMITS)
                        .rejection()
                        .refusal())
                .isEqualTo(Refusal.MAX_SERIES_TOTAL);
        assertThat(tracker.trackedSeries()).isEqualTo(4);
    }

    @Test
    void admit_idleSeriesForgotten_whenRoomIsNeeded() {
        MutableClock clock = new MutableClock();
        SeriesTracker tracker = new SeriesTracker(1000, Duration.ofMinutes(10), clock);
        for (int i = 0; i < 3; i++) {
            tracker.admit("o", List.of(series("m", "old" + i)), LIMITS);
        }
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        tracker.admit("o", List.of(series("m", "old0")), LIMITS); // seen again: stays
        clock.now = clock.now.plus(Duration.ofMinutes(6));

        assertThat(tracker.admit("o", List.of(series("m", "new0")), LIMITS).admitted())
                .isTrue();
        assertThat(tracker.admit("o", List.of(series("m", "new1")), LIMITS).admitted())
                .isTrue();
        assertThat(tracker.admit("o", List.of(series("m", "new2")), LIMITS)
                        .rejection()
                        .refusal())
                .isEqualTo(Refusal.MAX_SERIES_PER_METRIC);
        assertThat(tracker.seriesOf("o")).isEqualTo(3);
        assertThat(tracker.topMetrics("o", 5)).containsExactly(new SeriesTracker.MetricSeries("m", 3));
    }

    private static Sample sample(String name, String... labels) {
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new Sample(name, MetricType.GAUGE, map, 1, 0);
    }

    @Test
    void admitSamples_perLabelValueLimit_refusesANewValueOnly() {
        SeriesTracker tracker = new SeriesTracker(1000, Duration.ofHours(1), Clock.systemUTC());
        MetricLimits limits = new MetricLimits(100, 100, 30, 1024, 2048, java.util.Set.of(), 2);

        assertThat(tracker.admitSamples("o", List.of(sample("m", "method", "card", "region", "eu")), limits)
                        .admitted())
                .isTrue();
        assertThat(tracker.admitSamples("o", List.of(sample("m", "method", "paypal", "region", "eu")), limits)
                        .admitted())
                .isTrue();
        SeriesTracker.Admission third =
                tracker.admitSamples("o", List.of(sample("m", "method", "iban", "region", "eu")), limits);
        assertThat(third.rejection().refusal()).isEqualTo(Refusal.MAX_LABEL_VALUES_PER_LABEL);
        assertThat(third.rejection().message())
                .contains("label 'method' of m already has 2 distinct values")
                .contains("err-shopwatch-max-label-values-per-label")
                .contains("max_label_values");
        assertThat(tracker.admitSamples("o", List.of(sample("m", "method", "card", "region", "us")), limits)
                        .admitted())
                .as("known values in a new combination")
                .isTrue();
        assertThat(tracker.admitSamples("o", List.of(sample("other", "method", "iban")), limits)
                        .admitted())
                .as("per metric")
                .isTrue();
        assertThat(tracker.admitSamples(
                                "o",
                                List.of(
                                        sample("h_bucket", "le", "1"),
                                        sample("h_bucket", "le", "2"),
                                        sample("h_bucket", "le", "+Inf")),
                                limits)
                        .admitted())
                .as("bucket bounds are not limited")
                .isTrue();
    }
}
