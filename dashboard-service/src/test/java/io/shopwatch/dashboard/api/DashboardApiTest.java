package io.shopwatch.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.dashboard.DashboardServiceTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class DashboardApiTest extends DashboardServiceTestBase {

    private static final String BASE = "/api/v1/dashboards";

    private JsonNode create(String token, JsonNode document) {
        Answer created = send("POST", BASE, token, document);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void create_get_list_update_delete_roundTrip() {
        String org = newOrg("crud");
        String operator = token(org, Role.OPERATOR);
        JsonNode created = create(operator, resource("example-dashboard-v8.json"));
        String id = created.get("dashboardId").asString();
        assertThat(created.get("version").asInt()).isEqualTo(8);
        assertThat(created.get("folderId").asString()).isEqualTo("default");
        assertThat(created.get("v8").get("dashboardId").asString()).isEqualTo(id);

        JsonNode got =
                send("GET", BASE + "/" + id, token(org, Role.VIEWER), null).json();
        assertThat(got.get("hash").asString()).isEqualTo(created.get("hash").asString());
        assertThat(got.get("v8").get("tabs"))
                .isEqualTo(resource("example-dashboard-v8.json").get("tabs"));

        JsonNode list = send("GET", BASE + "?title=e-COMMERCE", token(org, Role.VIEWER), null)
                .json();
        assertThat(list.get("dashboards")).hasSize(1);
        assertThat(list.get("dashboards").get(0).get("dashboard_id").asString()).isEqualTo(id);
        assertThat(list.get("dashboards").get(0).get("folder_name").asString()).isEqualTo("default");
        assertThat(send("GET", BASE + "?title=nothing-like-it", operator, null)
                        .json()
                        .get("dashboards"))
                .isEmpty();

        ObjectNode changed = (ObjectNode) resource("example-dashboard-v8.json");
        changed.put("title", "Renamed");
        Answer updated =
                send("PUT", BASE + "/" + id + "?hash=" + got.get("hash").asString(), operator, changed);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("revision").asLong()).isEqualTo(2);
        assertThat(updated.json().get("hash").asString())
                .isNotEqualTo(got.get("hash").asString());
        assertThat(send("GET", BASE + "/" + id, operator, null)
                        .json()
                        .get("v8")
                        .get("title")
                        .asString())
                .isEqualTo("Renamed");

        assertThat(send("DELETE", BASE + "/" + id, operator, null).status()).isEqualTo(204);
        Answer gone = send("GET", BASE + "/" + id, operator, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
    }

    @Test
    void staleUpdate_is409WithTheCurrentHash() {
        String org = newOrg("stale");
        String operator = token(org, Role.OPERATOR);
        JsonNode created = create(operator, resource("example-dashboard-v8.json"));
        String id = created.get("dashboardId").asString();
        String firstHash = created.get("hash").asString();

        ObjectNode first = (ObjectNode) resource("example-dashboard-v8.json");
        first.put("title", "First writer");
        Answer ok = send("PUT", BASE + "/" + id + "?hash=" + firstHash, operator, first);
        assertThat(ok.status()).isEqualTo(200);

        ObjectNode second = (ObjectNode) resource("example-dashboard-v8.json");
        second.put("title", "Second writer");
        Answer conflict = send("PUT", BASE + "/" + id + "?hash=" + firstHash, operator, second);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.json().get("hash").asString())
                .isEqualTo(ok.json().get("hash").asString());
        assertThat(conflict.json().get("revision").asLong()).isEqualTo(2);
        assertThat(send("GET", BASE + "/" + id, operator, null)
                        .json()
                        .get("v8")
                        .get("title")
                        .asString())
                .isEqualTo("First writer");

        Answer missing = send("PUT", BASE + "/" + id, operator, second);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("hash");
    }

    @Test
    void unknownFields_areKept() {
        String org = newOrg("unknown");
        String operator = token(org, Role.OPERATOR);
        ObjectNode document = (ObjectNode) resource("example-dashboard-v8.json");
        document.put("someFutureKey", "kept");
        ((ObjectNode) document.get("tabs").get(0).get("panels").get(0))
                .putObject("uiState")
                .put("collapsed", true);
        String id = create(operator, document).get("dashboardId").asString();
        JsonNode exported =
                send("GET", BASE + "/" + id + "/export", operator, null).json();
        assertThat(exported).isEqualTo(document);
    }

    @Test
    void garbage_isRefusedWithFieldErrors() {
        String org = newOrg("garbage");
        String operator = token(org, Role.OPERATOR);
        ObjectNode document = (ObjectNode) resource("example-dashboard-v8.json");
        document.put("title", "  ");
        ArrayNode panels = (ArrayNode) document.get("tabs").get(0).get("panels");
        ((ObjectNode) panels.get(1)).put("id", "Panel_ID_gmv");
        ((ObjectNode) panels.get(1)).put("type", "pie-chart-3d");
        ((ObjectNode) panels.get(0).get("layout")).put("x", 150);
        ((ObjectNode) panels.get(0).get("queries").get(0).get("fields")).putArray("filter");

        Answer refused = send("POST", BASE, operator, document);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields)
                .contains(
                        "title",
                        "tabs[0].panels[1].id",
                        "tabs[0].panels[1].type",
                        "tabs[0].panels[0].layout.x",
                        "tabs[0].panels[0].queries[0].fields.filter");

        assertThat(send("POST", BASE, operator, "[1,2]").status()).isEqualTo(400);
        assertThat(send("POST", BASE, operator, "{not json").status()).isEqualTo(400);
    }

    @Test
    void folders_crud_and_move() {
        String org = newOrg("folders");
        String operator = token(org, Role.OPERATOR);
        Answer folder = send("POST", BASE + "/folders", operator, Map.of("name", "Sales", "description", "money"));
        assertThat(folder.status()).isEqualTo(201);
        String folderId = folder.json().get("folderId").asString();

        Answer created = send("POST", BASE + "?folder=" + folderId, operator, resource("example-dashboard-v8.json"));
        assertThat(created.json().get("folderId").asString()).isEqualTo(folderId);
        String id = created.json().get("dashboardId").asString();
        assertThat(send("POST", BASE + "?folder=nope", operator, resource("example-dashboard-v8.json"))
                        .status())
                .isEqualTo(404);

        JsonNode inFolder =
                send("GET", BASE + "?folder=" + folderId, operator, null).json();
        assertThat(inFolder.get("dashboards")).hasSize(1);
        assertThat(inFolder.get("dashboards").get(0).get("folder_name").asString())
                .isEqualTo("Sales");

        assertThat(send("DELETE", BASE + "/folders/" + folderId, operator, null).status())
                .isEqualTo(409);
        Answer moved = send("PUT", BASE + "/" + id + "/folder", operator, Map.of("folderId", "default"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("folderId").asString()).isEqualTo("default");

        Answer renamed = send("PUT", BASE + "/folders/" + folderId, operator, Map.of("name", "Revenue"));
        assertThat(renamed.json().get("name").asString()).isEqualTo("Revenue");
        assertThat(send("DELETE", BASE + "/folders/" + folderId, operator, null).status())
                .isEqualTo(204);
        assertThat(send("DELETE", BASE + "/folders/default", operator, null).status())
                .isEqualTo(409);

        List<String> folders = new ArrayList<>();
        send("GET", BASE + "/folders", token(org, Role.VIEWER), null)
                .json()
                .get("list")
                .forEach(f -> folders.add(f.get("folderId").asString()));
        assertThat(folders).contains("default").doesNotContain(folderId);
    }

    @Test
    void viewer_reads_butCannotWrite() {
        String org = newOrg("roles");
        String id = create(token(org, Role.ADMIN), resource("example-dashboard-v8.json"))
                .get("dashboardId")
                .asString();
        String viewer = token(org, Role.VIEWER);
        assertThat(send("GET", BASE + "/" + id, viewer, null).status()).isEqualTo(200);
        assertThat(send("POST", BASE, viewer, resource("example-dashboard-v8.json"))
                        .status())
                .isEqualTo(403);
        assertThat(send("DELETE", BASE + "/" + id, viewer, null).status()).isEqualTo(403);
        assertThat(send("POST", BASE + "/folders", viewer, Map.of("name", "x")).status())
                .isEqualTo(403);
        assertThat(send("GET", BASE, null, null).status()).isEqualTo(401);
    }

    @Test
    void anotherOrg_seesNothing() {
        String orgA = newOrg("iso-a");
        String orgB = newOrg("iso-b");
        String id = create(token(orgA, Role.OPERATOR), resource("example-dashboard-v8.json"))
                .get("dashboardId")
                .asString();
        String operatorB = token(orgB, Role.OPERATOR);
        assertThat(send("GET", BASE + "/" + id, operatorB, null).status()).isEqualTo(404);
        assertThat(send("GET", BASE + "/" + id + "/export", operatorB, null).status())
                .isEqualTo(404);
        assertThat(send("DELETE", BASE + "/" + id, operatorB, null).status()).isEqualTo(404);
        assertThat(send("GET", BASE + "?folder=default", operatorB, null).json().get("dashboards"))
                .isEmpty();
        assertThat(send("GET", BASE + "/" + id, token(orgA, Role.VIEWER), null).status())
                .isEqualTo(200);
    }
}
