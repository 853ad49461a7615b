package io.shopwatch.metrics.derived;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Each transition of the derived-metrics consumer's status, and the health it gives. */
class DerivedMetricsStatusTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final DerivedMetricsStatus status = new DerivedMetricsStatus();
    private final DerivedMetricsHealth health = new DerivedMetricsHealth(status);

    @Test
    void starting_upWithNothingYet() {
        Health h = health.health();

        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails())
                .containsEntry("state", "starting")
                .containsEntry("lag", -1L)
                .containsEntry("lastCommit", "none")
                .doesNotContainKey("lastError");
    }

    @Test
    void polled_running_lastCommitOnlyWhenEventsCounted() {
        status.polled(3, 10, T0);
        status.polled(0, 0, T0.plusSeconds(1));

        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails())
                .containsEntry("state", "running")
                .containsEntry("lag", 0L)
                .containsEntry("lastPoll", T0.plusSeconds(1).toString())
                .containsEntry("lastCommit", T0.toString());
    }

    @Test
    void failed_downWithTheErrorAndFailuresInARow_thenRecovered() {
        status.polled(1, 0, T0);
        status.failed(new IllegalStateException("Kafka did not acknowledge"), T0.plusSeconds(5));
        status.failed(new IllegalStateException("Kafka did not acknowledge"), T0.plusSeconds(10));

        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails())
                .containsEntry("state", "failing")
                .containsEntry("failuresInARow", 2)
                .containsEntry("lastFailure", T0.plusSeconds(10).toString())
                .containsEntry("lastError", "IllegalStateException: Kafka did not acknowledge")
                .containsEntry("lastCommit", T0.toString());

        status.polled(2, 0, T0.plusSeconds(15));
        Health up = health.health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails())
                .containsEntry("failuresInARow", 0)
                .containsEntry("lastCommit", T0.plusSeconds(15).toString())
                .containsEntry("lastError", "IllegalStateException: Kafka did not acknowledge");
    }

    @Test
    void stopped_down_andFailuresAfterwardsIgnored() {
        status.polled(0, 0, T0);
        status.stopped();
        status.failed(new RuntimeException("closing"), T0.plusSeconds(1));

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails())
                .containsEntry("state", "stopped")
                .doesNotContainKey("lastError");
    }
}
