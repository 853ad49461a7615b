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

    /**
     * The requests, method, path, query, headers and body, are the ones OpenObserve's dashboards API takes
     * (reference openobserve-api.md §6.1–6.2): folders through v2, the dashboard in {@code ?folder=}, the body a v8
     * document with {@code version} 8 and {@code dashboardId} empty on create and the remote id on update, the hash of a
     * fresh GET in {@code ?hash=}, Basic credentials on every call.
     */
    @Test
    void requests_areThoseOfOpenObservesDashboardApi_andADashboardDeletedThereIsCreatedAgain() throws Exception {
        String org = newOrg("syncapi");
        try (OpenObserveDashboardStub openObserve = new OpenObserveDashboardStub()) {
            DashboardSync sync = new DashboardSync(
                    store,
                    new SyncState(dataSource),
                    new HttpRemoteDashboards(openObserve.url(), "root@example.com", "secret"),
                    Clock.systemUTC());
            String basic = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString(
                                    "root@example.com:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String folder = service.createFolder(org, "Ops", "").folderId();
            StoredDashboard local = service.create(org, folder, resource("example-dashboard-v8.json"));

            sync.sync(org::equals);
            String remoteId = openObserve.dashboards.keySet().iterator().next();
            String remoteFolder = openObserve.dashboards.get(remoteId).folder();
            assertThat(openObserve.requests)
                    .containsExactly(
                            "GET /api/v2/" + org + "/folders/dashboards | null | " + basic,
                            "POST /api/v2/" + org + "/folders/dashboards | application/json | " + basic
                                    + " | {\"name\":\"Ops\",\"description\":\"ShopWatch\"}",
                            "POST /api/" + org + "/dashboards?folder=" + remoteFolder + " | application/json | " + basic
                                    + " | version=8 dashboardId=");

            openObserve.requests.clear();
            String hashThere = openObserve.dashboards.get(remoteId).hash();
            ObjectNode changed = (ObjectNode) resource("example-dashboard-v8.json");
            changed.put("title", "Changed");
            StoredDashboard updated = service.update(org, local.dashboardId(), local.hash(), null, changed);
            sync.sync(org::equals);
            assertThat(openObserve.requests)
                    .containsExactly(
                            "GET /api/v2/" + org + "/folders/dashboards | null | " + basic,
                            "GET /api/" + org + "/dashboards/" + remoteId + " | null | " + basic,
                            "PUT /api/" + org + "/dashboards/" + remoteId + "?folder=" + remoteFolder + "&hash="
                                    + hashThere + " | application/json | " + basic + " | version=8 dashboardId="
                                    + remoteId);

            // deleted in OpenObserve's UI: the next change here creates it again (an unchanged one costs no request)
            openObserve.dashboards.clear();
            openObserve.requests.clear();
            ObjectNode again = (ObjectNode) resource("example-dashboard-v8.json");
            again.put("title", "Changed again");
            service.update(org, local.dashboardId(), updated.hash(), null, again);
            DashboardSync.Outcome recreated = sync.sync(org::equals);
            assertThat(recreated.created()).isEqualTo(1);
            assertThat(openObserve.requests)
                    .anyMatch(r -> r.startsWith("GET /api/" + org + "/dashboards/" + remoteId + " "))
                    .anyMatch(r -> r.startsWith("POST /api/" + org + "/dashboards?folder=" + remoteFolder + " "));

            openObserve.requests.clear();
            String newId = openObserve.dashboards.keySet().iterator().next();
            service.delete(org, local.dashboardId(), null);
            sync.sync(org::equals);
            assertThat(openObserve.requests)
                    .containsExactly("DELETE /api/" + org + "/dashboards/" + newId + "?folder=" + remoteFolder
                            + " | null | " + basic);
        }
    }
}
