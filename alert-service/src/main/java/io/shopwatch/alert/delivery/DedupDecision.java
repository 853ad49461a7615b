package io.shopwatch.alert.delivery;

import io.shopwatch.alert.notificationlog.NotificationLogEntry;
import io.shopwatch.alert.notify.NotificationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Alertmanager's decision whether a group's notification to one integration is due ({@code DedupStage.needsUpdate}),
 * with the reason it reports.
 */
public final class DedupDecision {

    private DedupDecision() {}

    /**
     * @param last the last notification, if any
     * @param firing fingerprints firing now
     * @param resolved fingerprints resolved now
     * @param sendResolved whether the integration wants resolved alerts
     * @param repeat the route's repeat interval
     * @param tick the group tick deciding; a repeat is due at the first tick at or after {@code last + repeat}
     * @return the reason to notify, or empty when nothing is to be sent
     */
    public static Optional<NotificationReason> decide(
            Optional<NotificationLogEntry> last,
            Set<Long> firing,
            Set<Long> resolved,
            boolean sendResolved,
            Duration repeat,
            Instant tick) {
        if (last.isEmpty()) {
            return firing.isEmpty() ? Optional.empty() : Optional.of(NotificationReason.FIRST_NOTIFICATION);
        }
        NotificationLogEntry entry = last.get();
        if (!entry.firing().containsAll(firing)) {
            return Optional.of(
                    entry.firing().isEmpty()
                            ? NotificationReason.FIRST_NOTIFICATION
                            : NotificationReason.NEW_ALERTS_ADDED);
        }
        if (firing.isEmpty()) {
            // Sent regardless of send_resolved so that the log forgets the firing alerts.
            return entry.firing().isEmpty() ? Optional.empty() : Optional.of(NotificationReason.ALL_ALERTS_RESOLVED);
        }
        if (sendResolved && !entry.resolved().containsAll(resolved)) {
            return Optional.of(NotificationReason.SOME_ALERTS_RESOLVED);
        }
        if (!entry.timestamp().plus(repeat).isAfter(tick)) {
            return Optional.of(NotificationReason.REPEAT_INTERVAL_ELAPSED);
        }
        return Optional.empty();
    }
}
