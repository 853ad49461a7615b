package io.shopwatch.dashboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntervalsTest {

    private static final long HOUR_MICROS = 3_600_000_000L;

    @Test
    void interval_followsOpenObserveLadder() {
        // 1 h over 1000 px: 3.6 s per pixel -> 5s
        assertThat(Intervals.interval(HOUR_MICROS, 1000).text()).isEqualTo("5s");
        // 24 h over 1000 px: 86.4 s per pixel -> 1m
        assertThat(Intervals.interval(24 * HOUR_MICROS, 1000).text()).isEqualTo("1m");
        // 7 d over 500 px -> 20m
        assertThat(Intervals.interval(7 * 24 * HOUR_MICROS, 500).text()).isEqualTo("20m");
        assertThat(Intervals.interval(15 * 60_000_000L, 1000).text()).isEqualTo("1s");
    }

    @Test
    void rateInterval_andFormat() {
        assertThat(Intervals.rateIntervalSeconds(Intervals.interval(HOUR_MICROS, 1000), 15))
                .isEqualTo(60);
        assertThat(Intervals.format(5400)).isEqualTo("1h30m");
        assertThat(Intervals.format(86_400)).isEqualTo("1d");
    }
}
