package io.shopwatch.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.dashboard.DashboardServiceTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ImportExportApiTest extends DashboardServiceTestBase {

    @Test
    void v8_importThenExport_isJsonEqual() {
        String org = newOrg("roundtrip");
        String operator = token(org, Role.OPERATOR);
        JsonNode example = resource("example-dashboard-v8.json");
        Answer imported = send("POST", "/api/v1/dashboards/import", operator, example);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("source").asString()).isEqualTo("openobserve-v8");
        assertThat(imported.json().get("notes")).isEmpty();
        String id = imported.json().get("dashboard").get("dashboardId").asString();

        JsonNode exported = send("GET", "/api/v1/dashboards/" + id + "/export", operator, null)
                .json();
        assertThat(exported).isEqualTo(example);
        JsonNode bulk = send("GET", "/api/v1/dashboards/export?folder=default", operator, null)
                .json();
        assertThat(bulk.get("dashboards")).containsExactly(example);

        // what was exported imports again as an equal dashboard
        Answer again = send("POST", "/api/v1/dashboards/import", operator, exported);
        String second = again.json().get("dashboard").get("dashboardId").asString();
        assertThat(send("GET", "/api/v1/dashboards/" + second + "/export", operator, null)
                        .json())
                .isEqualTo(example);
    }

    @Test
    void olderVersions_areMigratedOnImport_andOnCreate() {
        String org = newOrg("migrate");
        String operator = token(org, Role.OPERATOR);
        Answer v1 = send("POST", "/api/v1/dashboards/import", operator, resource("import/openobserve-v1.json"));
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);
        assertThat(v1.json().get("source").asString()).isEqualTo("openobserve-v1");
        assertThat(v1.json().get("dashboard").get("v8").get("version").asInt()).isEqualTo(8);

        Answer v3 = send("POST", "/api/v1/dashboards", operator, resource("import/openobserve-v3.json"));
        assertThat(v3.status()).as(v3.body()).isEqualTo(201);
        assertThat(v3.json().get("v8").get("tabs")).hasSize(2);

        Answer v9 = send("POST", "/api/v1/dashboards/import", operator, "{\"version\": 9, \"title\": \"x\"}");
        assertThat(v9.status()).isEqualTo(400);
        assertThat(v9.json().get("detail").asString()).contains("unsupported dashboard version 9");
    }

    @Test
    void grafana_isImportedWithAReport() {
        String org = newOrg("grafana");
        String operator = token(org, Role.OPERATOR);
        Answer imported = send("POST", "/api/v1/dashboards/import", operator, resource("import/grafana-shop.json"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("source").asString()).isEqualTo("grafana");
        assertThat(imported.json().get("notes").size()).isGreaterThan(5);
        assertThat(imported.json().get("dashboard").get("v8").get("tabs").get(0).get("panels"))
                .hasSize(4);
    }
}
