package io.shopwatch.metrics.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IngestionRateTest {

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void tryAcquire_burstThenRefillAtTheRate_perOrg() {
        MovingClock clock = new MovingClock();
        IngestionRate rate = new IngestionRate(100, 300, clock);

        assertThat(rate.tryAcquire("a", 300)).isNull();
        assertThat(rate.tryAcquire("a", 50)).isEqualTo(Duration.ofSeconds(1));
        assertThat(rate.tryAcquire("b", 300))
                .as("another org has its own bucket")
                .isNull();

        clock.now = clock.now.plusMillis(500);
        assertThat(rate.tryAcquire("a", 50)).isNull();
        assertThat(rate.tryAcquire("a", 10)).isNotNull();
    }

    @Test
    void tryAcquire_waitIsTheTimeToRefill() {
        MovingClock clock = new MovingClock();
        IngestionRate rate = new IngestionRate(100, 100, clock);
        rate.tryAcquire("a", 100);

        assertThat(rate.tryAcquire("a", 100)).isEqualTo(Duration.ofSeconds(1));
        assertThat(rate.tryAcquire("a", 400))
                .as("more than the burst can never pass")
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(rate.tryAcquire("a", 0)).isNull();
    }
}
