package io.shopwatch.dashboard.pack;

import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.store.PackInstalls;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the packs in an org the first time the org uses the dashboard API, and upgrades them when a newer version
 * ships: the pack dashboards are read-only (owned by {@code pack:<id>}) and replaced by the new version; one the org
 * detached stays as the org left it, and one it deleted after detaching is not brought back.
 */
public class PackInstaller {

    private static final Logger log = LoggerFactory.getLogger(PackInstaller.class);

    private final PackCatalog catalog;
    private final DashboardService dashboards;
    private final PackInstalls installs;
    private final Clock clock;
    private final Set<String> upToDate = ConcurrentHashMap.newKeySet();

    public PackInstaller(PackCatalog catalog, DashboardService dashboards, PackInstalls installs, Clock clock) {
        this.catalog = catalog;
        this.dashboards = dashboards;
        this.installs = installs;
        this.clock = clock;
    }

    /** Installs or upgrades the packs of {@code org}; cheap once the org is up to date. */
    public void ensureInstalled(String org) {
        if (upToDate.contains(org)) {
            return;
        }
        synchronized (this) {
            if (upToDate.contains(org)) {
                return;
            }
            Map<String, Integer> installed = installs.installed(org);
            for (DashboardPack pack : catalog.packs()) {
                Integer version = installed.get(pack.id());
                if (version != null && version >= pack.version()) {
                    continue;
                }
                boolean stillOwned =
                        dashboards.findManaged(org, pack.managedBy()).isPresent();
                if (version == null || stillOwned) {
                    dashboards.ensureFolder(org, PackCatalog.FOLDER_ID, pack.folder());
                    dashboards.putManaged(
                            org,
                            pack.managedBy(),
                            Integer.toString(pack.version()),
                            PackCatalog.FOLDER_ID,
                            pack.dashboard());
                    log.info(
                            "{} pack {} version {} in org {}",
                            version == null ? "installed" : "upgraded",
                            pack.id(),
                            pack.version(),
                            org);
                }
                installs.record(org, pack.id(), pack.version(), clock.instant());
            }
            upToDate.add(org);
        }
    }
}
