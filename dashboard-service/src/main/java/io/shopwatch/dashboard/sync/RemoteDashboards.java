package io.shopwatch.dashboard.sync;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The part of OpenObserve's dashboards API that the sync uses. */
public interface RemoteDashboards {

    /** A dashboard in OpenObserve: its id and the hash its next update must name. */
    record Remote(String id, String hash) {}

    /** OpenObserve refused an update because its hash was stale (409). */
    class StaleException extends RuntimeException {
        public StaleException(String message) {
            super(message);
        }
    }

    /** The id of the dashboard folder named {@code name} in {@code org}, created when missing. */
    String folderId(String org, String name);

    Remote create(String org, String folderId, JsonNode dashboard);

    Optional<Remote> get(String org, String id);

    /** @throws StaleException when {@code hash} is no longer the dashboard's */
    Remote update(String org, String id, String folderId, String hash, JsonNode dashboard);

    void delete(String org, String id, String folderId);
}
