package io.shopwatch.alert.notify;

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
