package io.shopwatch.config.gray;

import io.shopwatch.config.release.Target;
import java.time.Instant;

/**
 * A release served only to the instances its rule chooses, on top of the release in force of its target.
 *
 * @param releaseId the candidate: an ordinary immutable release, not in force while gray
 * @param baseReleaseId the release in force when the gray release started (every other instance keeps it)
 * @param endedBy who promoted or abandoned it, {@code null} while ACTIVE
 */
public record GrayRelease(
        long id,
        Target target,
        long releaseId,
        long baseReleaseId,
        GrayRule rule,
        GrayState state,
        String reason,
        String createdBy,
        Instant createdAt,
        String endedBy,
        Instant endedAt) {}
