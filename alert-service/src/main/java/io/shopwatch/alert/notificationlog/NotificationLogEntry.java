package io.shopwatch.alert.notificationlog;

import java.time.Instant;
import java.util.Set;

/**
 * The last notification of a group to an integration: the fingerprints that were firing and resolved, and the group
 * tick at which it was decided.
 *
 * @param firing fingerprints of the firing alerts notified
 * @param resolved fingerprints of the resolved alerts notified
 * @param timestamp the tick of the notification
 * @param expiresAt when the entry may be forgotten
 */
public record NotificationLogEntry(Set<Long> firing, Set<Long> resolved, Instant timestamp, Instant expiresAt) {

    public NotificationLogEntry {
        firing = Set.copyOf(firing);
        resolved = Set.copyOf(resolved);
    }
}
