package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentiles_areExactToTheMillisecond() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            histogram.add(ms * 1_000_000L + 999_999);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentile(0.5)).isEqualTo(50);
        assertThat(histogram.percentile(0.99)).isEqualTo(99);
        assertThat(histogram.max()).isEqualTo(100);
    }

    @Test
    void emptyHistogram_saysSo_andLongLatenciesAreCappedNotLost() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentile(0.99)).isEqualTo(-1);

        histogram.add(3_600_000_000_000L);
        LatencyHistogram all = new LatencyHistogram();
        all.addAll(histogram);

        assertThat(all.count()).isEqualTo(1);
        assertThat(all.max()).isEqualTo(600_000);
    }
}
