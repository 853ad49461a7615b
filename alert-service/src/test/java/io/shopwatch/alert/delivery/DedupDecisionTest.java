package io.shopwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notificationlog.NotificationLogEntry;
import io.shopwatch.alert.notify.NotificationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every branch of Alertmanager's DedupStage.needsUpdate, with its reason. */
class DedupDecisionTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration REPEAT = Duration.ofHours(4);

    private static Optional<NotificationReason> decide(
            NotificationLogEntry last, Set<Long> firing, Set<Long> resolved, boolean sendResolved, Instant tick) {
        return DedupDecision.decide(Optional.ofNullable(last), firing, resolved, sendResolved, REPEAT, tick);
    }

    private static NotificationLogEntry entry(Set<Long> firing, Set<Long> resolved) {
        return new NotificationLogEntry(firing, resolved, T, T.plus(Duration.ofDays(5)));
    }

    @Test
    void noEntry_notifiesOnlyWhenSomethingFires() {
        assertThat(decide(null, Set.of(1L), Set.of(), true, T)).contains(NotificationReason.FIRST_NOTIFICATION);
        assertThat(decide(null, Set.of(), Set.of(1L), true, T)).isEmpty();
    }

    @Test
    void newFiringAlert_notifiesAsNewAlertsAdded_orFirstWhenNothingFiredBefore() {
        assertThat(decide(entry(Set.of(1L), Set.of()), Set.of(1L, 2L), Set.of(), true, T))
                .contains(NotificationReason.NEW_ALERTS_ADDED);
        assertThat(decide(entry(Set.of(), Set.of(1L)), Set.of(2L), Set.of(), true, T))
                .contains(NotificationReason.FIRST_NOTIFICATION);
    }

    @Test
    void allResolved_notifiesRegardlessOfSendResolvedOnlyIfSomethingFiredBefore() {
        assertThat(decide(entry(Set.of(1L), Set.of()), Set.of(), Set.of(1L), false, T))
                .contains(NotificationReason.ALL_ALERTS_RESOLVED);
        assertThat(decide(entry(Set.of(), Set.of(1L)), Set.of(), Set.of(1L, 2L), true, T))
                .isEmpty();
    }

    @Test
    void someResolved_notifiesOnlyWithSendResolved() {
        NotificationLogEntry last = entry(Set.of(1L, 2L), Set.of());
        assertThat(decide(last, Set.of(1L), Set.of(2L), true, T)).contains(NotificationReason.SOME_ALERTS_RESOLVED);
        assertThat(decide(last, Set.of(1L), Set.of(2L), false, T)).isEmpty();
    }

    @Test
    void unchanged_repeatsAtTheFirstTickAtOrAfterTheRepeatInterval() {
        NotificationLogEntry last = entry(Set.of(1L), Set.of());
        assertThat(decide(last, Set.of(1L), Set.of(), true, T.plus(REPEAT).minusMillis(1)))
                .isEmpty();
        assertThat(decide(last, Set.of(1L), Set.of(), true, T.plus(REPEAT)))
                .contains(NotificationReason.REPEAT_INTERVAL_ELAPSED);
    }
}
