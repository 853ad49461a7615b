package io.shopwatch.dashboard.sync;

import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.store.DashboardStore;
import io.shopwatch.dashboard.store.Folder;
import io.shopwatch.dashboard.store.StoredDashboard;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Makes ShopWatch's dashboards appear in a real OpenObserve's own UI, idempotently: each dashboard is created in the
 * OpenObserve org of the same name, in a folder of the same name, once; it is written again only when its ShopWatch
 * hash changed since the last sync (then with OpenObserve's current hash; a 409 is retried once with a fresh one);
 * a dashboard deleted in ShopWatch is deleted in OpenObserve. The mapping lives in {@code sync_state}. Changes made
 * in OpenObserve's UI are overwritten by the next change in ShopWatch: ShopWatch is the source.
 */
public class DashboardSync {

    private static final Logger log = LoggerFactory.getLogger(DashboardSync.class);

    /** What one pass did. */
    public record Outcome(int created, int updated, int deleted, int unchanged, int failed) {}

    private final DashboardStore store;
    private final SyncState state;
    private final RemoteDashboards remote;
    private final Clock clock;

    public DashboardSync(DashboardStore store, SyncState state, RemoteDashboards remote, Clock clock) {
        this.store = store;
        this.state = state;
        this.remote = remote;
        this.clock = clock;
    }

    /** One pass over every org. */
    public Outcome syncAll() {
        return sync(org -> true);
    }

    /** One pass over the orgs {@code orgs} accepts. */
    public synchronized Outcome sync(java.util.function.Predicate<String> orgs) {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int failed = 0;
        Set<String> local = new HashSet<>();
        Map<String, String> folderIds = new HashMap<>();
        for (StoredDashboard d : store.listAll()) {
            if (!orgs.test(d.org())) {
                continue;
            }
            local.add(d.org() + "\n" + d.dashboardId());
            Optional<SyncState.Entry> entry = state.get(d.org(), d.dashboardId());
            if (entry.isPresent() && entry.get().localHash().equals(d.hash())) {
                unchanged++;
                continue;
            }
            try {
                String folderName =
                        store.folder(d.org(), d.folderId()).map(Folder::name).orElse("default");
                String folder = folderIds.computeIfAbsent(
                        d.org() + "\n" + folderName, k -> remote.folderId(d.org(), folderName));
                if (write(d, entry, folder)) {
                    created++;
                } else {
                    updated++;
                }
            } catch (RuntimeException e) {
                failed++;
                log.warn(
                        "dashboard {} of org {} not synced to OpenObserve: {}",
                        d.dashboardId(),
                        d.org(),
                        e.getMessage());
            }
        }
        int deleted = 0;
        for (SyncState.Entry entry : state.all()) {
            if (orgs.test(entry.org()) && !local.contains(entry.org() + "\n" + entry.dashboardId())) {
                try {
                    remote.delete(entry.org(), entry.remoteId(), entry.remoteFolder());
                    state.remove(entry.org(), entry.dashboardId());
                    deleted++;
                } catch (RuntimeException e) {
                    failed++;
                    log.warn("OpenObserve dashboard {} not deleted: {}", entry.remoteId(), e.getMessage());
                }
            }
        }
        return new Outcome(created, updated, deleted, unchanged, failed);
    }

    /** Creates or updates the remote copy; true when it was created. */
    private boolean write(StoredDashboard d, Optional<SyncState.Entry> entry, String folder) {
        Optional<RemoteDashboards.Remote> current = entry.flatMap(e -> remote.get(d.org(), e.remoteId()));
        RemoteDashboards.Remote written;
        boolean created = current.isEmpty();
        if (created) {
            written = remote.create(d.org(), folder, Dashboards.withId(d.document(), ""));
        } else {
            JsonNode document = Dashboards.withId(d.document(), current.get().id());
            try {
                written = remote.update(
                        d.org(), current.get().id(), folder, current.get().hash(), document);
            } catch (RemoteDashboards.StaleException e) {
                String fresh =
                        remote.get(d.org(), current.get().id()).orElseThrow().hash();
                written = remote.update(d.org(), current.get().id(), folder, fresh, document);
            }
        }
        state.put(new SyncState.Entry(d.org(), d.dashboardId(), written.id(), folder, d.hash()), clock.instant());
        return created;
    }
}
