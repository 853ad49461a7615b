package io.shopwatch.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptWindowsTest {

    private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    private final AttemptWindows windows = new AttemptWindows(3, Duration.ofMinutes(1), 1000);

    @Test
    void tryAcquire_allowsTheLimit_thenSaysHowLongToWait() {
        assertThat(windows.tryAcquire("ip", t0)).isNull();
        assertThat(windows.tryAcquire("ip", t0.plusSeconds(10))).isNull();
        assertThat(windows.tryAcquire("ip", t0.plusSeconds(20))).isNull();

        assertThat(windows.tryAcquire("ip", t0.plusSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(windows.tryAcquire("other", t0.plusSeconds(30))).isNull();
    }

    @Test
    void aNewWindow_startsAfterTheOldOneEnded() {
        for (int i = 0; i < 3; i++) {
            windows.tryAcquire("ip", t0);
        }

        assertThat(windows.tryAcquire("ip", t0.plusSeconds(60))).isNull();
    }

    @Test
    void add_reportsReachingTheLimitOnce_andBlockedForSaysUntilWhen() {
        assertThat(windows.add("ip", t0)).isFalse();
        assertThat(windows.add("ip", t0)).isFalse();
        assertThat(windows.add("ip", t0)).isTrue();
        assertThat(windows.add("ip", t0)).isFalse();

        assertThat(windows.blockedFor("ip", t0.plusSeconds(15))).isEqualTo(Duration.ofSeconds(45));
        assertThat(windows.blockedFor("ip", t0.plusSeconds(60))).isNull();
        assertThat(windows.blockedFor("never-seen", t0)).isNull();
    }
}
