package io.shopwatch.dashboard.service;

import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.model.FieldError;
import io.shopwatch.dashboard.model.V8Validator;
import io.shopwatch.dashboard.store.DashboardStore;
import io.shopwatch.dashboard.store.Folder;
import io.shopwatch.dashboard.store.StoredDashboard;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Dashboards and folders of an org: validation, optimistic concurrency (every write names the hash it read; a stale
 * one is refused with the current hash), and read-only dashboards owned by a file or a pack until they are detached.
 */
public class DashboardService {

    private final DashboardStore store;
    private final Clock clock;

    public DashboardService(DashboardStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    // ---- folders

    /** The org's folders, the default one first created when missing. */
    public List<Folder> folders(String org) {
        ensureDefaultFolder(org);
        return store.folders(org);
    }

    public Folder folder(String org, String folderId) {
        if (Folder.DEFAULT_ID.equals(folderId)) {
            ensureDefaultFolder(org);
        }
        return store.folder(org, folderId).orElseThrow(() -> ShopWatchException.notFound("folder", folderId));
    }

    public Folder createFolder(String org, String name, String description) {
        String clean = requireName(name);
        Instant now = clock.instant();
        Folder folder = new Folder(org, Ids.newId(), clean, description == null ? "" : description, now, now);
        store.insertFolder(folder);
        return folder;
    }

    public Folder updateFolder(String org, String folderId, String name, String description) {
        Folder current = folder(org, folderId);
        Folder updated = new Folder(
                org,
                folderId,
                requireName(name),
                description == null ? current.description() : description,
                current.createdAt(),
                clock.instant());
        store.updateFolder(updated);
        return updated;
    }

    /** Deletes an empty folder; the default folder stays. */
    public void deleteFolder(String org, String folderId) {
        folder(org, folderId);
        if (Folder.DEFAULT_ID.equals(folderId)) {
            throw ShopWatchException.conflict("the default folder cannot be deleted");
        }
        int count = store.countInFolder(org, folderId);
        if (count > 0) {
            throw ShopWatchException.conflict(
                    "folder '" + folderId + "' holds " + count + " dashboard(s); move or delete them first");
        }
        store.deleteFolder(org, folderId);
    }

    /** Creates the folder named {@code name} with the id {@code folderId} when it does not exist (provisioning). */
    public Folder ensureFolder(String org, String folderId, String name) {
        Optional<Folder> existing = store.folder(org, folderId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        store.insertFolder(new Folder(org, folderId, name, "", now, now));
        return store.folder(org, folderId).orElseThrow();
    }

    private void ensureDefaultFolder(String org) {
        if (store.folder(org, Folder.DEFAULT_ID).isEmpty()) {
            Instant now = clock.instant();
            store.insertFolder(new Folder(org, Folder.DEFAULT_ID, "default", "", now, now));
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new DashboardRejectedException(List.of(new FieldError("name", "must not be blank")));
        }
        return name.strip();
    }

    // ---- dashboards

    /** Dashboards of the org, optionally of one folder and with a title containing {@code title} (any case). */
    public List<StoredDashboard> list(String org, String folderId, String title) {
        ensureDefaultFolder(org);
        return store.list(org, folderId == null || folderId.isBlank() ? null : folderId, title);
    }

    public StoredDashboard get(String org, String dashboardId) {
        return store.get(org, dashboardId).orElseThrow(() -> ShopWatchException.notFound("dashboard", dashboardId));
    }

    /** Stores a new v8 dashboard in a folder (the default one when null); the document is kept exactly as given. */
    public StoredDashboard create(String org, String folderId, JsonNode document) {
        return insert(org, folderId, document, null, null);
    }

    private StoredDashboard insert(
            String org, String folderId, JsonNode document, String managedBy, String managedRev) {
        validate(document);
        String folder = folder(org, folderId == null || folderId.isBlank() ? Folder.DEFAULT_ID : folderId)
                .folderId();
        Instant now = clock.instant();
        StoredDashboard dashboard = new StoredDashboard(
                org,
                Ids.newId(),
                folder,
                Dashboards.title(document),
                Dashboards.description(document),
                document,
                1,
                Ids.hash(1, folder, document),
                managedBy,
                managedRev,
                now,
                now);
        store.insert(dashboard);
        return dashboard;
    }

    /**
     * Replaces a dashboard's document if {@code hash} is still its hash; a folder id moves it as well.
     *
     * @throws StaleDashboardException when someone saved it in between
     */
    public StoredDashboard update(String org, String dashboardId, String hash, String folderId, JsonNode document) {
        StoredDashboard current = get(org, dashboardId);
        requireUnmanaged(current);
        requireHash(current, hash);
        validate(document);
        String folder = folderId == null || folderId.isBlank()
                ? current.folderId()
                : folder(org, folderId).folderId();
        return write(current, folder, document, current.managedBy(), current.managedRevision());
    }

    /** Moves a dashboard to another folder; {@code hash} is checked when given. */
    public StoredDashboard move(String org, String dashboardId, String folderId, String hash) {
        StoredDashboard current = get(org, dashboardId);
        requireUnmanaged(current);
        if (hash != null) {
            requireHash(current, hash);
        }
        String folder = folder(org, folderId).folderId();
        if (folder.equals(current.folderId())) {
            return current;
        }
        return write(current, folder, current.document(), null, current.managedRevision());
    }

    /** Deletes a dashboard; {@code hash} is checked when given. */
    public void delete(String org, String dashboardId, String hash) {
        StoredDashboard current = get(org, dashboardId);
        requireUnmanaged(current);
        if (hash != null) {
            requireHash(current, hash);
        }
        if (!store.delete(org, dashboardId, current.hash())) {
            throw new StaleDashboardException(get(org, dashboardId));
        }
    }

    /** Makes a provisioned or pack dashboard an ordinary one: editable, no longer replaced by its owner. */
    public StoredDashboard detach(String org, String dashboardId) {
        StoredDashboard current = get(org, dashboardId);
        if (!current.managed()) {
            return current;
        }
        // remembered, so that its owner does not create a new copy beside the detached one
        return write(current, current.folderId(), current.document(), null, "detached:" + current.managedBy());
    }

    // ---- dashboards owned by a file or a pack

    /**
     * Creates or replaces the dashboard owned by {@code managedBy} (the owner always wins, as Grafana's file
     * provisioning does); nothing is written when its revision is unchanged. A dashboard that was detached from the
     * owner is left alone, and no new one is created beside it.
     *
     * @return the dashboard, or empty when nothing was written
     */
    public Optional<StoredDashboard> putManaged(
            String org, String managedBy, String managedRev, String folderId, JsonNode document) {
        Optional<StoredDashboard> existing = store.findManaged(org, managedBy);
        if (existing.isEmpty()) {
            if (store.detachedFrom(org, managedBy)) {
                return Optional.empty();
            }
            return Optional.of(insert(org, folderId, document, managedBy, managedRev));
        }
        StoredDashboard current = existing.get();
        if (managedRev.equals(current.managedRevision()) && folderId.equals(current.folderId())) {
            return Optional.empty();
        }
        validate(document);
        folder(org, folderId);
        return Optional.of(write(current, folderId, document, managedBy, managedRev));
    }

    /** Deletes the dashboard owned by {@code managedBy}; false when there is none. */
    public boolean deleteManaged(String org, String managedBy) {
        return store.findManaged(org, managedBy)
                .map(d -> store.delete(org, d.dashboardId(), null))
                .orElse(false);
    }

    public Optional<StoredDashboard> findManaged(String org, String managedBy) {
        return store.findManaged(org, managedBy);
    }

    public List<StoredDashboard> listManaged(String managedByPrefix) {
        return store.listManaged(managedByPrefix);
    }

    private StoredDashboard write(
            StoredDashboard current, String folderId, JsonNode document, String managedBy, String managedRev) {
        long revision = current.revision() + 1;
        StoredDashboard next = new StoredDashboard(
                current.org(),
                current.dashboardId(),
                folderId,
                Dashboards.title(document),
                Dashboards.description(document),
                document,
                revision,
                Ids.hash(revision, folderId, document),
                managedBy,
                managedRev,
                current.createdAt(),
                clock.instant());
        if (!store.replace(next, current.hash())) {
            throw new StaleDashboardException(get(current.org(), current.dashboardId()));
        }
        return next;
    }

    private static void requireHash(StoredDashboard current, String hash) {
        if (hash == null || hash.isBlank()) {
            throw new DashboardRejectedException(List.of(new FieldError(
                    "hash", "is required: send the hash of the revision you read (current: " + current.hash() + ")")));
        }
        if (!hash.equals(current.hash())) {
            throw new StaleDashboardException(current);
        }
    }

    private static void requireUnmanaged(StoredDashboard current) {
        if (current.managed()) {
            throw ShopWatchException.conflict("dashboard '" + current.dashboardId() + "' is managed by "
                    + current.managedBy() + " and read-only; detach it (POST .../detach) to change it here");
        }
    }

    private static void validate(JsonNode document) {
        List<FieldError> errors = V8Validator.validate(document);
        if (!errors.isEmpty()) {
            throw new DashboardRejectedException(errors);
        }
    }
}
