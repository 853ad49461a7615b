package io.shopwatch.alert.notificationlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NotificationLog} does for the replica allowed to decide: run by the in-memory and the JDBC
 * implementation ({@link NotificationLogContractTest}); the JDBC log's lease fencing is in
 * {@link JdbcNotificationLogTest}.
 */
public abstract class NotificationLogContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private NotificationLog log;
    private Outbox outbox;
    private NotificationLogKey key;

    /** A log to test, allowed to decide; the same one may be handed out again, so tests use keys of their own. */
    protected abstract NotificationLog log();

    /** The outbox decisions are stored in together with their log entry. */
    protected abstract Outbox outbox();

    @BeforeEach
    void store() {
        log = log();
        outbox = outbox();
        key = new NotificationLogKey("org-" + UUID.randomUUID(), "team", "webhook", 0, "{}:{alertname=\"Down\"}");
    }

    private static NotificationLogEntry entry(Set<Long> firing, Instant tick) {
        return new NotificationLogEntry(firing, Set.of(), tick, tick.plus(Duration.ofDays(5)));
    }

    /** The notification a decision stores: unique per key and tick, as the pipeline's decision key is. */
    static OutboxEntry.Draft draft(NotificationLogKey key, NotificationLogEntry next, NotificationReason reason) {
        Alert alert = new Alert(LabelSet.of("alertname", "Down"), Map.of(), T0, null, "", T0, false);
        Notification n = Notification.of(
                key.org(), key.receiver(), List.of(alert), LabelSet.of(), "", key.groupKey(), reason, T0);
        return new OutboxEntry.Draft(
                new OutboxEntry.Target(key.org(), key.receiver(), key.integration(), key.index()),
                key.groupKey(),
                "g",
                key + "|" + next.timestamp(),
                OutboxEntry.Kind.NOTIFICATION,
                n,
                T0,
                T0.plus(Duration.ofHours(1)));
    }

    private Optional<NotificationLog.Enqueued> claim(
            NotificationReason reason, NotificationLogEntry next, List<Optional<NotificationLogEntry>> seen) {
        return log.claimAndEnqueue(
                key,
                last -> {
                    seen.add(last);
                    return Optional.ofNullable(reason);
                },
                next,
                r -> draft(key, next, r),
                outbox);
    }

    @Test
    void get_nothingLogged_isEmpty() {
        assertThat(log.get(key)).isEmpty();
    }

    @Test
    void claim_decisionSeesTheLastEntry() {
        List<Optional<NotificationLogEntry>> seen = new ArrayList<>();
        claim(NotificationReason.FIRST_NOTIFICATION, entry(Set.of(1L), T0), seen);
        claim(NotificationReason.NEW_ALERTS_ADDED, entry(Set.of(1L, 2L), T0.plusSeconds(60)), seen);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).map(NotificationLogEntry::firing).contains(Set.of(1L));
        assertThat(log.get(key)).map(NotificationLogEntry::firing).contains(Set.of(1L, 2L));
        assertThat(log.get(key)).map(NotificationLogEntry::timestamp).contains(T0.plusSeconds(60));
    }

    @Test
    void claim_nothingToSend_logsNothingAndEnqueuesNothing() {
        assertThat(claim(null, entry(Set.of(1L), T0), new ArrayList<>())).isEmpty();

        assertThat(log.get(key)).isEmpty();
        assertThat(outbox.list(key.org(), Optional.empty(), Optional.empty(), 10))
                .isEmpty();
    }

    @Test
    void claim_storesTheDecisionWithItsOutboxEntry() {
        NotificationLog.Enqueued enqueued = claim(
                        NotificationReason.FIRST_NOTIFICATION, entry(Set.of(1L), T0), new ArrayList<>())
                .orElseThrow();

        assertThat(enqueued.reason()).isEqualTo(NotificationReason.FIRST_NOTIFICATION);
        assertThat(enqueued.outboxId()).isPositive();
        assertThat(outbox.get(key.org(), enqueued.outboxId()))
                .map(OutboxEntry::status)
                .contains(OutboxEntry.Status.PENDING);
    }

    @Test
    void claim_withoutANotification_isLoggedWithoutOutboxEntry() {
        NotificationLogEntry next = entry(Set.of(1L), T0);

        assertThat(log.claimAndEnqueue(
                        key, last -> Optional.of(NotificationReason.FIRST_NOTIFICATION), next, r -> null, outbox))
                .map(NotificationLog.Enqueued::outboxId)
                .contains(0L);
        assertThat(log.get(key)).map(NotificationLogEntry::timestamp).contains(T0);
        assertThat(outbox.list(key.org(), Optional.empty(), Optional.empty(), 10))
                .isEmpty();
    }
}
