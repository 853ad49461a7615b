package io.shopwatch.dashboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.dashboard.DashboardServiceTestBase;
import io.shopwatch.dashboard.TestShop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** Every panel of every pack answers data over storefront-like traffic in the embedded store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelDataApiTest extends DashboardServiceTestBase {

    private final String org = newOrg("shop").replace('-', '_');

    @BeforeAll
    void traffic() {
        TestShop.fill(org, 300, Instant.now());
    }

    private Map<String, JsonNode> packs() {
        JsonNode list = send("GET", "/api/v1/dashboards?folder=ecommerce", token(org, Role.VIEWER), null)
                .json();
        Map<String, JsonNode> byOwner = new java.util.HashMap<>();
        list.get("dashboards").forEach(d -> byOwner.put(d.get("managed_by").asString(""), d));
        return byOwner;
    }

    private Answer data(String dashboardId, String panelId, Object body) {
        return send(
                "POST",
                "/api/v1/dashboards/" + dashboardId + "/panels/" + panelId + "/data",
                token(org, Role.VIEWER),
                body);
    }

    @Test
    void everyPackPanel_returnsData() {
        List<String> failures = new ArrayList<>();
        int panels = 0;
        for (JsonNode summary : packs().values()) {
            String id = summary.get("dashboard_id").asString();
            JsonNode dashboard = send("GET", "/api/v1/dashboards/" + id, token(org, Role.VIEWER), null)
                    .json()
                    .get("v8");
            for (JsonNode tab : dashboard.get("tabs")) {
                for (JsonNode panel : tab.get("panels")) {
                    panels++;
                    String panelId = panel.get("id").asString();
                    Answer answer = data(id, panelId, Map.of("period", "1h"));
                    if (answer.status() != 200) {
                        failures.add(panelId + ": " + answer.status() + " " + answer.body());
                        continue;
                    }
                    JsonNode query = answer.json().get("queries").get(0);
                    String type = panel.get("type").asString();
                    if (query.get("rows").isEmpty()) {
                        failures.add(
                                panelId + ": no rows for " + query.get("sql").asString());
                    } else if (type.equals("metric") && query.get("value").isNull()) {
                        failures.add(panelId + ": no value");
                    } else if (!type.equals("table") && !hasPoint(query.get("series"))) {
                        failures.add(panelId + ": no series point with a value");
                    }
                }
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(25);
        assertThat(failures).isEmpty();
    }

    private static boolean hasPoint(JsonNode series) {
        for (JsonNode s : series) {
            for (JsonNode point : s.get("points")) {
                if (!point.get(1).isNull()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void multiValueVariables_andAll_filterThePanel() {
        String sales = packs().get("pack:sales-overview").get("dashboard_id").asString();
        Answer all = data(sales, "Panel_ID_payment_success", Map.of("period", "1h"));
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json().get("queries").get(0).get("sql").asString())
                .contains("AND true")
                .doesNotContain("$");

        Answer card = data(
                sales,
                "Panel_ID_payment_success",
                Map.of("period", "1h", "variables", Map.of("payment_method", List.of("card", "paypal"))));
        assertThat(card.json().get("queries").get(0).get("sql").asString())
                .contains("properties_payment_method IN ('card','paypal')");
        assertThat(card.json().get("queries").get(0).get("rows")).isNotEmpty();

        Answer none = data(
                sales,
                "Panel_ID_payment_success",
                Map.of("period", "1h", "variables", Map.of("payment_method", List.of("no-such-method"))));
        assertThat(none.json().get("queries").get(0).get("rows")).isEmpty();
    }

    @Test
    void seriesWithABreakdown_areOnePerValue_andTheIntervalFollowsTheRange() {
        String health = packs().get("pack:site-health").get("dashboard_id").asString();
        Answer answer = data(health, "Panel_ID_log_volume", Map.of("period", "1h", "width", 1000));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("interval").asString()).isEqualTo("5s");
        List<String> names = new ArrayList<>();
        answer.json()
                .get("queries")
                .get(0)
                .get("series")
                .forEach(s -> names.add(s.get("name").asString()));
        assertThat(names).contains("INFO", "ERROR", "WARN");

        String sales = packs().get("pack:sales-overview").get("dashboard_id").asString();
        Answer gmvTrend = data(sales, "Panel_ID_gmv_trend", Map.of("period", "1h", "width", 60));
        assertThat(gmvTrend.json().get("queries").get(0).get("sql").asString()).contains("histogram(_timestamp, '1m')");
    }

    @Test
    void unsavedPanel_runsWithItsVariables_andPromQlIs501() {
        Map<String, Object> panel = Map.of(
                "id", "draft",
                "type", "metric",
                "queryType", "sql",
                "queries",
                        List.of(Map.of(
                                "query",
                                "SELECT COUNT(*) AS \"y_axis_1\" FROM \"events\" WHERE type = '$t'",
                                "customQuery",
                                true,
                                "fields",
                                Map.of(
                                        "stream",
                                        "events",
                                        "stream_type",
                                        "logs",
                                        "x",
                                        List.of(),
                                        "y",
                                        List.of(Map.of("label", "n", "alias", "y_axis_1"))),
                                "config",
                                Map.of("promql_legend", ""))));
        Answer answer = send(
                "POST",
                "/api/v1/dashboards/panels/data",
                token(org, Role.VIEWER),
                Map.of("panel", panel, "period", "1h", "values", Map.of("t", "search")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("queries").get(0).get("value").asLong()).isEqualTo(300);

        Map<String, Object> promql = new java.util.HashMap<>(panel);
        promql.put("queryType", "promql");
        Answer refused =
                send("POST", "/api/v1/dashboards/panels/data", token(org, Role.VIEWER), Map.of("panel", promql));
        assertThat(refused.status()).isEqualTo(501);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anotherOrgsDashboard_isNotFound() {
        String sales = packs().get("pack:sales-overview").get("dashboard_id").asString();
        Answer answer = send(
                "POST",
                "/api/v1/dashboards/" + sales + "/panels/Panel_ID_gmv/data",
                token(newOrg("other"), Role.VIEWER),
                Map.of());
        assertThat(answer.status()).isEqualTo(404);
    }
}
