package io.shopwatch.performance.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The schedule asks for the interval after every round, and a shorter interval brings the next round forward. */
class BudgetScheduleTest {

    @Test
    void shorterInterval_bringsTheNextRoundForward_andAppliesToTheRoundsAfter() {
        BudgetRegulator regulator = new BudgetRegulator(
                new IngestMeter(Set.of()),
                org -> Budget.NONE,
                (org, stream) -> Budget.NONE,
                new SamplingController(0.5, 0.1, 0.001),
                Clock.systemUTC());
        AtomicInteger rounds = new AtomicInteger();
        AtomicLong interval = new AtomicLong(Duration.ofHours(1).toMillis());
        BudgetSchedule schedule = new BudgetSchedule(regulator, rates -> rounds.incrementAndGet(), interval::get);
        schedule.start();
        try {
            assertThat(rounds).hasValue(0);
            // without intervalChanged the first round would come an hour from now
            interval.set(5);
            schedule.intervalChanged();
            await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() >= 3);
        } finally {
            schedule.stop();
        }
        assertThat(schedule.isRunning()).isFalse();
    }
}
