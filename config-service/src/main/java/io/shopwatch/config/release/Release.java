package io.shopwatch.config.release;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, complete snapshot of a target's configuration, as published.
 *
 * @param id the release id, also usable as the config protocol's label to pin it
 * @param properties every property, as stored (secrets encrypted)
 * @param sha256 of the canonical JSON of {@code properties}
 * @param author who published it
 * @param editedBy who last edited the draft it was made from
 * @param reason why it was published
 * @param parentId the release in force when it was published, {@code null} for the first one
 */
public record Release(
        long id,
        Target target,
        SortedMap<String, Object> properties,
        String sha256,
        String author,
        String editedBy,
        String reason,
        Instant createdAt,
        Long parentId) {

    public Release {
        properties = new TreeMap<>(properties);
    }
}
