package io.shopwatch.dashboard.store;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A dashboard as stored.
 *
 * @param document the v8 document exactly as it was given (unknown keys kept)
 * @param revision 1 on create, one more on every write
 * @param hash the optimistic-concurrency token of this revision; a write must name it
 * @param managedBy what owns the dashboard when it is read-only ({@code file:<path>}, {@code pack:<id>}); null when
 *     it is managed through the API
 * @param managedRevision the owner's revision of the content (a file's digest, a pack's version)
 */
public record StoredDashboard(
        String org,
        String dashboardId,
        String folderId,
        String title,
        String description,
        JsonNode document,
        long revision,
        String hash,
        String managedBy,
        String managedRevision,
        Instant createdAt,
        Instant updatedAt) {

    public boolean managed() {
        return managedBy != null;
    }
}
