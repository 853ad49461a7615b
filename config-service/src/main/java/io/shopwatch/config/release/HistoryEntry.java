package io.shopwatch.config.release;

import java.time.Instant;

/**
 * One change of what a target serves: a publish or a rollback (the pointer moves), a gray release started (from the
 * release in force to the gray one, the pointer stays), promoted (the pointer moves to it) or abandoned (from the gray
 * release back to the release in force, the pointer stays).
 */
public record HistoryEntry(
        long id, Operation operation, Long fromRelease, long toRelease, String actor, String reason, Instant at) {

    /** What moved the pointer. */
    public enum Operation {
        PUBLISH,
        ROLLBACK,
        GRAY,
        PROMOTE,
        ABANDON
    }
}
