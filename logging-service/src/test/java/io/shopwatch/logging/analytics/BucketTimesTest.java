package io.shopwatch.logging.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketTimesTest {

    private static final long AT = micros("2026-12-06T02:34:00Z");

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
    }

    @Test
    void micros_isoWithoutZone_isUtc() {
        // as OpenObserve renders histogram() buckets (Arrow's JSON writer, no zone)
        assertThat(BucketTimes.micros("2026-12-06T02:34:00")).isEqualTo(AT);
    }

    @Test
    void micros_fractionOfASecond_isKept() {
        assertThat(BucketTimes.micros("2026-12-06T02:34:00.250")).isEqualTo(AT + 250_000);
        assertThat(BucketTimes.micros("2026-12-06T02:34:00.000250")).isEqualTo(AT + 250);
        assertThat(BucketTimes.micros("2026-12-06T02:34:00.000250999")).isEqualTo(AT + 250);
        assertThat(BucketTimes.micros("2026-12-06T02:34:00.5Z")).isEqualTo(AT + 500_000);
    }

    @Test
    void micros_zoneOrOffset_isHonoured() {
        assertThat(BucketTimes.micros("2026-12-06T02:34:00Z")).isEqualTo(AT);
        assertThat(BucketTimes.micros("2026-12-06T10:34:00+08:00")).isEqualTo(AT);
        assertThat(BucketTimes.micros("2026-12-05T21:34:00-05:00")).isEqualTo(AT);
    }

    @Test
    void micros_spaceInsteadOfT_isRead() {
        assertThat(BucketTimes.micros("2026-12-06 02:34:00")).isEqualTo(AT);
        assertThat(BucketTimes.micros(" 2026-12-06 02:34:00.250 ")).isEqualTo(AT + 250_000);
    }

    @Test
    void micros_numbers_areMicroseconds() {
        assertThat(BucketTimes.micros(AT)).isEqualTo(AT);
        assertThat(BucketTimes.micros(BigInteger.valueOf(AT))).isEqualTo(AT);
        assertThat(BucketTimes.micros(String.valueOf(AT))).isEqualTo(AT);
        assertThat(BucketTimes.micros(0)).isZero();
    }

    @Test
    void micros_somethingElse_isRefused() {
        assertThatThrownBy(() -> BucketTimes.micros(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketTimes.micros("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketTimes.micros("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> BucketTimes.micros(true)).isInstanceOf(IllegalArgumentException.class);
    }
}
