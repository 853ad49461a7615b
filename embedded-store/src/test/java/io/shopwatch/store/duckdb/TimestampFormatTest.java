package io.shopwatch.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampFormatTest {

    @Test
    void timestamp_writesWhatStringFormatWrote_withAndWithoutFractions() {
        assertThat(DuckDbSearcher.timestamp(LocalDateTime.of(2024, 5, 1, 10, 5, 0)))
                .isEqualTo("2024-05-01T10:05:00");
        assertThat(DuckDbSearcher.timestamp(LocalDateTime.of(2024, 5, 1, 10, 5, 0, 7_000_000)))
                .isEqualTo("2024-05-01T10:05:00.007");
        assertThat(DuckDbSearcher.timestamp(LocalDateTime.of(987, 12, 31, 23, 59, 59, 1_000)))
                .isEqualTo("0987-12-31T23:59:59.000001");
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            LocalDateTime at = LocalDateTime.of(
                    random.nextInt(10_000),
                    1 + random.nextInt(12),
                    1 + random.nextInt(28),
                    random.nextInt(24),
                    random.nextInt(60),
                    random.nextInt(60),
                    switch (random.nextInt(3)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        default -> random.nextInt(1_000_000) * 1_000;
                    });
            assertThat(DuckDbSearcher.timestamp(at)).isEqualTo(DuckDbSearcher.legacyTimestamp(at));
        }
    }
}
