package io.shopwatch.config.release;

/**
 * A target's pointer moved: a publish or a rollback, delivered after the transaction committed.
 *
 * @param release the release now in force
 * @param previousId the release in force before, {@code null} for the first publish
 * @param diff what changed for the clients, secrets masked
 * @param actor who moved the pointer
 * @param reason why
 */
public record ReleaseEvent(
        HistoryEntry.Operation operation,
        Release release,
        Long previousId,
        ReleaseDiff diff,
        String actor,
        String reason) {}
