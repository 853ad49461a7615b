package io.shopwatch.config.release;

import java.time.Instant;

/** One move of a target's pointer: a publish or a rollback. */
public record HistoryEntry(
        long id, Operation operation, Long fromRelease, long toRelease, String actor, String reason, Instant at) {

    /** What moved the pointer. */
    public enum Operation {
        PUBLISH,
        ROLLBACK
    }
}
