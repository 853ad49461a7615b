package io.shopwatch.common.openobserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Cases from OpenObserve's own {@code time.rs} tests. */
class OpenObserveTimestampsTest {

    private static final long NOW = 1_700_000_000_000_000L;

    @Test
    void numbers_areReadByMagnitude() {
        assertThat(OpenObserveTimestamps.micros(1609459200000000000L, NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros(1609459200000000L, NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros(1609459200000L, NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros(1609459200L, NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros(1609459200.9, NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros(new BigInteger("1609459200000000000"), NOW))
                .isEqualTo(1609459200000000L);
    }

    @Test
    void zero_meansNow() {
        assertThat(OpenObserveTimestamps.micros(0L, NOW)).isEqualTo(NOW);
    }

    @Test
    void strings_acceptNumbersAndOpenObservesDateForms() {
        assertThat(OpenObserveTimestamps.micros("1609459200000", NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00", NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00Z", NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00+08:00", NOW))
                .isEqualTo(1609430400000000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00-08:00", NOW))
                .isEqualTo(1609488000000000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01 00:00:00", NOW)).isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00.000000Z", NOW))
                .isEqualTo(1609459200000000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00.123", NOW)).isEqualTo(1609459200123000L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00.123456", NOW))
                .isEqualTo(1609459200123456L);
        assertThat(OpenObserveTimestamps.micros("2021-01-01T00:00:00.123456789-08:00", NOW))
                .isEqualTo(1609488000123456L);
        assertThat(OpenObserveTimestamps.micros("Wed, 8 Mar 2023 16:46:51 CST", NOW))
                .isEqualTo(1678315611000000L);
    }

    @Test
    void unparseableValues_areRefused() {
        assertThatThrownBy(() -> OpenObserveTimestamps.micros("garbage", NOW))
                .isInstanceOf(OpenObserveTimestamps.InvalidTimestampException.class)
                .hasMessage("Can't parse timestamp");
        assertThatThrownBy(() -> OpenObserveTimestamps.micros("2021-01-01T00:00:00.123456789", NOW))
                .isInstanceOf(OpenObserveTimestamps.InvalidTimestampException.class);
        assertThatThrownBy(() -> OpenObserveTimestamps.micros(Boolean.TRUE, NOW))
                .isInstanceOf(OpenObserveTimestamps.InvalidTimestampException.class);
    }
}
