package io.shopwatch.alert.notify;

import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.util.Optional;
import java.util.function.Function;

/**
 * The notification log: what was last notified per integration and group. Deciding and recording happen in one atomic
 * step ({@link #claim}), so that two replicas, or a replica and its successor, never send the same notification twice.
 */
public interface NotificationLog {

    /**
     * Reads the entry of {@code key}, asks {@code decide} whether to notify, and if so records {@code next} as the
     * entry before returning; the caller then sends and {@link Claim#commit() commits} or
     * {@link Claim#rollback() rolls back} (restoring the previous entry so that the next tick tries again).
     *
     * @return the claim, or empty when {@code decide} found nothing to send or this process may not send any more
     */
    Optional<Claim> claim(
            NflogKey key, Function<Optional<NflogEntry>, Optional<NotificationReason>> decide, NflogEntry next);

    /**
     * Decides like {@link #claim} and, in the same atomic step, records {@code next} and stores the notification that
     * {@code draft} builds in {@code outbox}, which from then on owns its delivery; a crash cannot separate the
     * decision from the stored notification. {@code draft} may return null: nothing to send, the decision is recorded.
     *
     * @return the reason and the outbox entry id (0 when nothing was stored), or empty when nothing was decided
     */
    Optional<Enqueued> claimAndEnqueue(
            NflogKey key,
            Function<Optional<NflogEntry>, Optional<NotificationReason>> decide,
            NflogEntry next,
            Function<NotificationReason, OutboxEntry.Draft> draft,
            Outbox outbox);

    /** A decision stored in the outbox. */
    record Enqueued(NotificationReason reason, long outboxId) {}

    /** The current entry of {@code key}. */
    Optional<NflogEntry> get(NflogKey key);

    /** A decided notification. */
    interface Claim {
        NotificationReason reason();

        /** The notification was delivered (or deliberately not sent). */
        void commit();

        /** The notification failed; the previous entry is restored. */
        void rollback();
    }
}
