package io.shopwatch.dashboard.store;

import java.util.List;
import java.util.Optional;

/** Where dashboards and folders live, per org. Writes of a dashboard are conditional on its hash. */
public interface DashboardStore {

    List<Folder> folders(String org);

    Optional<Folder> folder(String org, String folderId);

    /** Inserts the folder; false when one with its id exists. */
    boolean insertFolder(Folder folder);

    /** Replaces name and description; false when the folder does not exist. */
    boolean updateFolder(Folder folder);

    /** Deletes an empty folder; false when it does not exist. */
    boolean deleteFolder(String org, String folderId);

    /** Dashboards of the org, in a folder when {@code folderId} is set, whose title contains {@code titlePart}. */
    List<StoredDashboard> list(String org, String folderId, String titlePart);

    Optional<StoredDashboard> get(String org, String dashboardId);

    /** Every dashboard of every org (the OpenObserve sync). */
    List<StoredDashboard> listAll();

    Optional<StoredDashboard> findManaged(String org, String managedBy);

    /** Whether a dashboard detached from {@code managedBy} exists (its {@code managed_rev} is {@code detached:<owner>}). */
    boolean detachedFrom(String org, String managedBy);

    /** Dashboards whose owner starts with {@code managedByPrefix} ({@code file:}), in every org. */
    List<StoredDashboard> listManaged(String managedByPrefix);

    void insert(StoredDashboard dashboard);

    /** Replaces the row if its hash is still {@code expectedHash}; false otherwise (stale or gone). */
    boolean replace(StoredDashboard dashboard, String expectedHash);

    /** Deletes the dashboard if its hash is still {@code expectedHash} (any hash when null). */
    boolean delete(String org, String dashboardId, String expectedHash);

    /** Number of dashboards in a folder. */
    int countInFolder(String org, String folderId);
}
