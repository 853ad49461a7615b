package io.shopwatch.dashboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.dashboard.DashboardServiceTestBase;
import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.store.DashboardStore;
import io.shopwatch.dashboard.store.StoredDashboard;
import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/** The sync against OpenObserve's dashboards API (an in-memory stub of its handlers): idempotent, hash-chained. */
class DashboardSyncTest extends DashboardServiceTestBase {

    @Autowired
    DashboardService service;

    @Autowired
    DashboardStore store;

    @Autowired
    DataSource dataSource;

    @Test
    void dashboardsAreCreatedOnce_updatedWithTheCurrentHash_andDeleted() throws Exception {
        String org = newOrg("sync");
        try (OpenObserveDashboardStub openObserve = new OpenObserveDashboardStub()) {
            DashboardSync sync = new DashboardSync(
                    store,
                    new SyncState(dataSource),
                    new HttpRemoteDashboards(openObserve.url(), "root@example.com", "secret"),
                    Clock.systemUTC());
            String folder = service.createFolder(org, "Shop", "").folderId();
            StoredDashboard local = service.create(org, folder, resource("example-dashboard-v8.json"));

            DashboardSync.Outcome first = sync.sync(org::equals);
            assertThat(first.created()).isEqualTo(1);
            assertThat(openObserve.dashboards).hasSize(1);
            String remoteId = openObserve.dashboards.keySet().iterator().next();
            assertThat(openObserve.folders).containsValue("Shop");
            assertThat(openObserve.dashboards.get(remoteId).v8().get("tabs"))
                    .isEqualTo(resource("example-dashboard-v8.json").get("tabs"));

            int writes = openObserve.writes.size();
            DashboardSync.Outcome again = sync.sync(org::equals);
            assertThat(again.unchanged()).isEqualTo(1);
            assertThat(openObserve.writes).hasSize(writes);

            openObserve.touch(remoteId); // someone saved it in OpenObserve's UI meanwhile
            ObjectNode changed = (ObjectNode) resource("example-dashboard-v8.json");
            changed.put("title", "Changed in ShopWatch");
            service.update(org, local.dashboardId(), local.hash(), null, changed);
            DashboardSync.Outcome update = sync.sync(org::equals);
            assertThat(update.updated()).isEqualTo(1);
            assertThat(update.failed()).isZero();
            assertThat(openObserve.dashboards).hasSize(1);
            assertThat(openObserve.dashboards.get(remoteId).v8().get("title").asString())
                    .isEqualTo("Changed in ShopWatch");

            service.delete(org, local.dashboardId(), null);
            assertThat(sync.sync(org::equals).deleted()).isEqualTo(1);
            assertThat(openObserve.dashboards).isEmpty();
        }
    }
}
