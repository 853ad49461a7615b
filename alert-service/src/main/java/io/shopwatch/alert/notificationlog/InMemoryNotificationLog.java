package io.shopwatch.alert.notificationlog;

import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A notification log in memory, for one process (tests, and the reference for the database implementation). */
public final class InMemoryNotificationLog implements NotificationLog {

    private final Map<NotificationLogKey, NotificationLogEntry> entries = new ConcurrentHashMap<>();

    @Override
    public synchronized Optional<Enqueued> claimAndEnqueue(
            NotificationLogKey key,
            Function<Optional<NotificationLogEntry>, Optional<NotificationReason>> decide,
            NotificationLogEntry next,
            Function<NotificationReason, OutboxEntry.Draft> draft,
            Outbox outbox) {
        Optional<NotificationReason> reason = decide.apply(Optional.ofNullable(entries.get(key)));
        if (reason.isEmpty()) {
            return Optional.empty();
        }
        entries.put(key, next);
        OutboxEntry.Draft d = draft.apply(reason.get());
        return Optional.of(new Enqueued(reason.get(), d == null ? 0 : outbox.enqueue(d)));
    }

    @Override
    public Optional<NotificationLogEntry> get(NotificationLogKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Forgets expired entries. */
    public void gc(Instant now) {
        entries.values().removeIf(e -> e.expiresAt().isBefore(now));
    }
}
