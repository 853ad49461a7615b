package io.shopwatch.alert.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbox of notifications. Entries move {@code PENDING → SENDING → DELIVERED | FAILED | EXPIRED} (or back
 * to {@code PENDING} for a retry), each move one atomic update; an entry is sent only by the holder of its
 * {@code SENDING} lock, and a lock left by a crashed process lapses so the entry is tried again.
 */
public interface Outbox {

    /**
     * Stores a new pending entry, due at once, unless one with the same decision key exists.
     *
     * @return the id of the new or the existing entry
     */
    long enqueue(OutboxEntry.Draft draft);

    /**
     * Marks pending entries of the same integration and group as superseded by {@code newer} (an older state must not
     * arrive after a newer one).
     */
    int supersede(OutboxEntry.Target target, String groupKey, long newer);

    /** Takes the lock of one pending entry, if it is still pending. */
    Optional<OutboxEntry> acquire(long id, String holder, Instant now, Duration lease);

    /** Takes the locks of up to {@code limit} pending entries that are due, oldest first. */
    List<OutboxEntry> acquireDue(String holder, Instant now, Duration lease, int limit);

    /** Records a delivery. */
    void delivered(long id, int attempts, String answer, Instant at);

    /** Records a failed attempt that will be retried at {@code next}. */
    void retryLater(long id, int attempts, Instant next, String error, String answer);

    /** Records the end of an entry that was not delivered ({@code FAILED} or {@code EXPIRED}). */
    void finish(long id, OutboxEntry.Status status, int attempts, String error, String answer, Instant at);

    /** Makes entries whose lock lapsed (their sender died) pending again; returns how many. */
    int releaseLapsedLocks(Instant now);

    /** Makes a failed or expired entry pending again, with a new deadline. */
    boolean retry(String org, long id, Instant now, Instant deadline);

    Optional<OutboxEntry> get(String org, long id);

    /** An organisation's entries, newest first, optionally only those in {@code status}. */
    List<OutboxEntry> list(String org, Optional<OutboxEntry.Status> status, Optional<String> receiver, int limit);

    /** Deletes finished entries that finished before {@code before}. */
    int gc(Instant before);
}
