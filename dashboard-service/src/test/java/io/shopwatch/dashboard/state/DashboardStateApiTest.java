package io.shopwatch.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.security.Role;
import io.shopwatch.common.state.StateClient;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.dashboard.DashboardServiceTestBase;
import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.store.DashboardStore;
import io.shopwatch.dashboard.store.Folder;
import io.shopwatch.dashboard.store.StoredDashboard;
import io.shopwatch.testkit.StateApiContract;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The state API on the real controller and PostgreSQL: the shared contract, and what is dashboard-specific. */
class DashboardStateApiTest extends DashboardServiceTestBase {

    private static final String BASE = "/api/v1/dashboards";

    @Autowired
    DashboardStore store;

    private StateClient client(String org, Role role) {
        return new StateClient(
                URI.create("http://127.0.0.1:" + port + BASE + "/state"),
                token(org, role),
                Dashboards.JSON,
                Duration.ofSeconds(30));
    }

    /** Two folders (with the default one), three dashboards, the packs' dashboards the org got on first use. */
    private void seed(String org) {
        String operator = token(org, Role.OPERATOR);
        Answer folder = send("POST", BASE + "/folders", operator, Map.of("name", "Sales", "description", "money"));
        assertThat(folder.status()).as(folder.body()).isEqualTo(201);
        String folderId = folder.json().get("folderId").asString();
        for (String target : List.of(folderId, folderId, "default")) {
            Answer created = send("POST", BASE + "?folder=" + target, operator, resource("example-dashboard-v8.json"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    private void wipe(String org) {
        for (StoredDashboard d : store.list(org, null, null)) {
            store.delete(org, d.dashboardId(), null);
        }
        for (Folder f : store.folders(org)) {
            if (!Folder.DEFAULT_ID.equals(f.folderId())) {
                store.deleteFolder(org, f.folderId());
            }
        }
    }

    @Nested
    class Contract extends StateApiContract {

        @Override
        protected StateClient client(String org) {
            return DashboardStateApiTest.this.client(org, Role.ADMIN);
        }

        @Override
        protected void seed(String org) {
            DashboardStateApiTest.this.seed(org);
        }

        @Override
        protected void wipe(String org) {
            DashboardStateApiTest.this.wipe(org);
        }

        @Override
        protected void change(String org) {
            Folder sales = store.folders(org).stream()
                    .filter(f -> f.name().equals("Sales"))
                    .findFirst()
                    .orElseThrow();
            store.updateFolder(new Folder(org, sales.folderId(), "Revenue", "renamed", Instant.now(), Instant.now()));
        }
    }

    @Test
    void restoredDashboards_answerTheApiAsBefore_withNewHashes() throws Exception {
        String org = newOrg("state");
        seed(org);
        String operator = token(org, Role.OPERATOR);
        JsonNode listed = send("GET", BASE, operator, null).json().get("dashboards");
        StateDocument backup = client(org, Role.ADMIN).export(org);
        assertThat(backup.sections().get(DashboardStateExporter.DASHBOARDS)).hasSize(listed.size());

        wipe(org);
        assertThat(send("GET", BASE, operator, null).json().get("dashboards")).isEmpty();
        client(org, Role.ADMIN).importState(org, backup, io.shopwatch.common.state.ConflictPolicy.FAIL, false);

        JsonNode restored = send("GET", BASE, operator, null).json().get("dashboards");
        assertThat(restored).hasSize(listed.size());
        for (JsonNode before : listed) {
            String id = before.get("dashboard_id").asString();
            Answer export = send("GET", BASE + "/" + id + "/export", operator, null);
            assertThat(export.status()).isEqualTo(200);
            JsonNode after = send("GET", BASE + "/" + id, operator, null).json();
            assertThat(after.get("folderId").asString())
                    .isEqualTo(before.get("folder_id").asString());
            assertThat(
                            after.get("managedBy").isNull()
                                    ? null
                                    : after.get("managedBy").asString())
                    .isEqualTo(
                            before.get("managed_by").isNull()
                                    ? null
                                    : before.get("managed_by").asString());
        }
    }

    @Test
    void stateApi_withThePlatformCredentials_exportsAndImportsTheOrgNamedInTheCall() throws Exception {
        String org = newOrg("state-platform");
        seed(org);
        String basic = io.shopwatch.common.openobserve.OpenObserveCredentials.basic(
                        io.shopwatch.dashboard.TestStore.USER, io.shopwatch.dashboard.TestStore.PASSWORD)
                .authorizationHeader();
        StateClient platform = new StateClient(
                URI.create("http://127.0.0.1:" + port + BASE + "/state"),
                "",
                basic,
                Dashboards.JSON,
                Duration.ofSeconds(30));

        StateDocument backup = platform.export(org);
        assertThat(backup.org()).isEqualTo(org);
        assertThat(backup.sections().get(DashboardStateExporter.DASHBOARDS)).isNotEmpty();
        wipe(org);
        platform.importState(org, backup, io.shopwatch.common.state.ConflictPolicy.FAIL, false);
        assertThat(platform.export(org).sections()).isEqualTo(backup.sections());

        StateClient wrong = new StateClient(
                URI.create("http://127.0.0.1:" + port + BASE + "/state"),
                "",
                io.shopwatch.common.openobserve.OpenObserveCredentials.basic("root@shopwatch.local", "guess")
                        .authorizationHeader(),
                Dashboards.JSON,
                Duration.ofSeconds(30));
        assertThatThrownBy(() -> wrong.export(org)).hasMessageContaining("401");
    }

    @Test
    void stateApi_isAdminOnly() {
        String org = newOrg("state-roles");
        assertThat(send("GET", BASE + "/state/export", token(org, Role.OPERATOR), null)
                        .status())
                .isEqualTo(403);
        assertThat(send("GET", BASE + "/state/export", null, null).status()).isEqualTo(401);
        assertThat(send("POST", BASE + "/state/import", token(org, Role.OPERATOR), "{}")
                        .status())
                .isEqualTo(403);
        assertThat(send("GET", BASE + "/state/export", token(org, Role.ADMIN), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void import_ofABadDocument_isRefused() {
        String org = newOrg("state-bad");
        String admin = token(org, Role.ADMIN);
        Map<String, Object> unknownFolder = Map.of(
                "format",
                1,
                "service",
                "dashboards",
                "org",
                org,
                "sections",
                Map.of(
                        "dashboards",
                        List.of(Map.of(
                                "id",
                                "d1",
                                "folder_id",
                                "nowhere",
                                "document",
                                resource("example-dashboard-v8.json")))));
        assertThat(send("POST", BASE + "/state/import", admin, unknownFolder).status())
                .isEqualTo(400);
        Map<String, Object> otherService = Map.of("format", 1, "service", "alerts", "org", org, "sections", Map.of());
        assertThat(send("POST", BASE + "/state/import", admin, otherService).status())
                .isEqualTo(400);
    }
}
