package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    @Test
    void run_callerThatArrivedBeforeTheLeaderLanded_sharesItsResult_oneArrivingAfter_doesTheWorkAgain() {
        SingleFlight<String> flight = new SingleFlight<>(String::length);
        AtomicInteger runs = new AtomicInteger();
        long arrivedDuringTheFlight = System.nanoTime();
        assertThat(flight.run("k", System.nanoTime(), () -> "answer " + runs.incrementAndGet()))
                .isEqualTo(new SingleFlight.Outcome<>("answer 1", false));

        // reached the flight after it landed, but its request arrived while it ran: a waiter
        assertThat(flight.run("k", arrivedDuringTheFlight, () -> "answer " + runs.incrementAndGet()))
                .isEqualTo(new SingleFlight.Outcome<>("answer 1", true));
        // arrived after it landed: a flight of its own
        assertThat(flight.run("k", System.nanoTime(), () -> "answer " + runs.incrementAndGet()))
                .isEqualTo(new SingleFlight.Outcome<>("answer 2", false));
        // another key shares nothing
        assertThat(flight.run("other", arrivedDuringTheFlight, () -> "answer " + runs.incrementAndGet()))
                .isEqualTo(new SingleFlight.Outcome<>("answer 3", false));
        assertThat(runs).hasValue(3);
    }

    @Test
    void run_withoutLateWaiters_neverSharesAFinishedResult() {
        SingleFlight<String> flight = new SingleFlight<>();
        long arrived = System.nanoTime();
        flight.run("k", arrived, () -> "first");
        assertThat(flight.run("k", arrived, () -> "second")).isEqualTo(new SingleFlight.Outcome<>("second", false));
    }
}
