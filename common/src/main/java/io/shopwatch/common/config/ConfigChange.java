package io.shopwatch.common.config;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A configuration change, as config-service announces it on {@code shopwatch.config.changes} (JSON, key = application)
 * after a publish or a rollback: the release now in force for (org, application, profile). Secrets never appear.
 *
 * @param releaseId the release now in force (the config protocol's {@code version})
 * @param operation {@code PUBLISH} or {@code ROLLBACK}
 * @param previousReleaseId the release in force before, {@code null} for the first
 * @param sha256 of the release's content
 * @param summary {@code +added -removed ~changed (keys)}
 * @param changedKeys every key added, removed or changed
 * @param actor who published or rolled back
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConfigChange(
        long releaseId,
        String org,
        String application,
        String profile,
        String operation,
        Long previousReleaseId,
        String sha256,
        String summary,
        List<String> changedKeys,
        String actor,
        String reason,
        Instant at) {

    public ConfigChange {
        changedKeys = changedKeys == null ? List.of() : List.copyOf(changedKeys);
    }
}
