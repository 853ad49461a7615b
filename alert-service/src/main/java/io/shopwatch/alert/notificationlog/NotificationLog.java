package io.shopwatch.alert.notificationlog;

import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.util.Optional;
import java.util.function.Function;

/**
 * The notification log: what was last notified per integration and group. Deciding, recording and storing the
 * notification in the outbox happen in one atomic step ({@link #claimAndEnqueue}), so that two replicas, or a replica
 * and its successor, never decide the same notification twice.
 */
public interface NotificationLog {

    /**
     * Reads the entry of {@code key} and asks {@code decide} whether to notify; if so, in the same atomic step, records
     * {@code next} as the entry and stores the notification that {@code draft} builds in {@code outbox}, which from
     * then on owns its delivery: a crash cannot separate the decision from the stored notification. {@code draft} may
     * return null: nothing to send, the decision is recorded.
     *
     * @return the reason and the outbox entry id (0 when nothing was stored), or empty when nothing was decided or this
     *     process may not send any more
     */
    Optional<Enqueued> claimAndEnqueue(
            NotificationLogKey key,
            Function<Optional<NotificationLogEntry>, Optional<NotificationReason>> decide,
            NotificationLogEntry next,
            Function<NotificationReason, OutboxEntry.Draft> draft,
            Outbox outbox);

    /** A decision stored in the outbox. */
    record Enqueued(NotificationReason reason, long outboxId) {}

    /** The current entry of {@code key}. */
    Optional<NotificationLogEntry> get(NotificationLogKey key);
}
