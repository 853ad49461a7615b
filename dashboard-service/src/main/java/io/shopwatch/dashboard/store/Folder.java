package io.shopwatch.dashboard.store;

import java.time.Instant;

/** A folder of dashboards in one org. */
public record Folder(
        String org, String folderId, String name, String description, Instant createdAt, Instant updatedAt) {

    /** The folder every org has; dashboards created without a folder go there. */
    public static final String DEFAULT_ID = "default";
}
