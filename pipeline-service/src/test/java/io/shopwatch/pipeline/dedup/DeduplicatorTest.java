package io.shopwatch.pipeline.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    @Test
    void boundedInBytes_keepsNoMoreKeysThanTheBytesAllow_andForgetsTheOldest() {
        long maxBytes = 100_000;
        Deduplicator dedup = Deduplicator.boundedInBytes(maxBytes, Duration.ofMinutes(10), Ticker.systemTicker());
        String prefix = "default\u0000logs\u0000";
        int perEntry = Deduplicator.ENTRY_OVERHEAD + 2 * (prefix.length() + 36);
        for (int i = 0; i < 10_000; i++) {
            dedup.remember(prefix + String.format("%036d", i));
        }

        assertThat(dedup.size()).isLessThanOrEqualTo(maxBytes / perEntry).isGreaterThan(0);
        assertThat(dedup.seen(prefix + String.format("%036d", 0))).isFalse();
    }

    @Test
    void seen_onlyAfterRemember() {
        Deduplicator dedup = Deduplicator.boundedInBytes(1 << 20, Duration.ofMinutes(10), Ticker.systemTicker());
        assertThat(dedup.seen("k")).isFalse();
        dedup.remember("k");
        assertThat(dedup.seen("k")).isTrue();
    }
}
