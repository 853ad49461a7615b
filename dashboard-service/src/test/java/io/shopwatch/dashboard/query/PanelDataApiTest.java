package io.shopwatch.dashboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.dashboard.DashboardServiceTestBase;
import io.shopwatch.dashboard.TestPrometheus;
import io.shopwatch.dashboard.TestShop;
import io.shopwatch.dashboard.TestStore;
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
    void p95PerOperation_readsTheSpansOfTheTracesStream() {
        String health = packs().get("pack:site-health").get("dashboard_id").asString();
        Answer answer = data(health, "Panel_ID_p95_operation", Map.of("period", "1h"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode query = answer.json().get("queries").get(0);
        assertThat(query.get("columns").findValuesAsString("alias"))
                .startsWith("x_axis_1", "x_axis_2", "y_axis_1", "y_axis_2", "y_axis_3");
        Map<String, Double> p95 = new java.util.HashMap<>();
        query.get("rows")
                .forEach(row -> p95.put(
                        row.get(0).asString() + " " + row.get(1).asString(),
                        row.get(2).asDouble()));
        // TestShop's payment spans last 300-499 ms, its cart spans 15 ms
        assertThat(p95.get("payment-service payment authorised")).isBetween(300.0, 500.0);
        assertThat(p95.get("cart-service item added to cart")).isEqualTo(15.0);
    }

    @Test
    void pipelinePanels_askMetricsServiceForThePipelinesOwnFigures_inTheCallersOrg() {
        String health = packs().get("pack:site-health").get("dashboard_id").asString();
        Map<String, String> expected = Map.of(
                "Panel_ID_pipeline_lag", "max by (topic) (shopwatch_pipeline_consumer_lag)",
                "Panel_ID_dlq_growth", "sum by (stage) (increase(shopwatch_pipeline_records_dead_lettered_total[1m]))",
                "Panel_ID_stored_rate",
                        "sum by (stream) (rate(shopwatch_pipeline_records_stored_total"
                                + "{stream!~\"shopwatch_pipeline_.*\"}[1m]))");
        expected.forEach((panelId, promql) -> {
            Answer answer = data(health, panelId, Map.of("period", "1h"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            TestPrometheus.Received received = TestPrometheus.requests().stream()
                    .filter(r -> r.org().equals(org))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(received.form().get("query")).isEqualTo(promql);
            assertThat(answer.json().get("queries").get(0).get("series")).isNotEmpty();
        });
    }

    @Test
    void topSoldProducts_asksForTheUnitsSoldOverTheRange_once_oneRowPerProduct() {
        String behaviour =
                packs().get("pack:user-behaviour").get("dashboard_id").asString();
        long start = 1_764_979_200_000_000L;
        Answer answer =
                data(behaviour, "Panel_ID_top_sold", Map.of("startTime", start, "endTime", start + 3_600_000_000L));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        TestPrometheus.Received received = TestPrometheus.requests().stream()
                .filter(r -> r.org().equals(org))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(received.form())
                .containsEntry("query", "topk(10, sum by (product) (increase(shop_items_sold_total[1h])))")
                .containsEntry("step", "3600");
        JsonNode query = answer.json().get("queries").get(0);
        assertThat(query.get("columns").findValuesAsString("alias")).containsExactly("series", "value");
        // TestPrometheus' second series is NaN at the end: only the first gives a row, its value at the end
        assertThat(query.get("rows")).hasSize(1);
        assertThat(query.get("rows").get(0).get(1).asDouble()).isEqualTo(0.5);
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
    void unsavedPanel_runsWithItsVariables() {
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
        assertThat(answer.json().get("queries").get(0).has("warning")).isFalse();
    }

    @Test
    void promQlPanel_runsThroughThePrometheusApi_withTheCallersToken_andIsShapedLikeSql() {
        Map<String, Object> panel = Map.of(
                "id", "p95",
                "type", "line",
                "queryType", "promql",
                "queries",
                        List.of(Map.of(
                                "query",
                                "histogram_quantile(0.95, sum by (le, operation) (rate(http_seconds_bucket"
                                        + "{service=~\"$service\", route=~\"$route\"}[$__rate_interval])))",
                                "customQuery",
                                true,
                                "fields",
                                Map.of(
                                        "stream",
                                        "http_seconds_bucket",
                                        "stream_type",
                                        "metrics",
                                        "x",
                                        List.of(),
                                        "y",
                                        List.of()),
                                "config",
                                Map.of("promql_legend", "{{operation}} ({{service}})"))));
        Map<String, Object> variables = Map.of(
                "list",
                List.of(
                        Map.of("name", "service", "type", "custom", "multiSelect", true, "options", List.of()),
                        Map.of("name", "route", "type", "custom", "multiSelect", true, "options", List.of())));
        String viewer = token(org, Role.VIEWER);
        long start = 1_764_979_200_000_000L;
        Answer answer = send(
                "POST",
                "/api/v1/dashboards/panels/data",
                viewer,
                Map.of(
                        "panel",
                        panel,
                        "variables",
                        variables,
                        "startTime",
                        start,
                        "endTime",
                        start + 3_600_000_000L,
                        "width",
                        60,
                        "values",
                        Map.of("service", List.of("order-service", "cart-service"))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);

        TestPrometheus.Received received = TestPrometheus.requests().stream()
                .filter(r -> r.org().equals(org))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(received.authorization()).isEqualTo("Bearer " + viewer);
        assertThat(received.form())
                .containsEntry(
                        "query",
                        "histogram_quantile(0.95, sum by (le, operation) (rate(http_seconds_bucket"
                                + "{service=~\"order-service|cart-service\", route=~\".*\"}[1m15s])))")
                .containsEntry("start", "1764979200")
                .containsEntry("end", "1764982800")
                .containsEntry("step", "60");

        JsonNode query = answer.json().get("queries").get(0);
        assertThat(query.get("sql").asString()).isEqualTo(received.form().get("query"));
        assertThat(query.get("series")).hasSize(2);
        JsonNode checkout = query.get("series").get(0);
        assertThat(checkout.get("name").asString()).isEqualTo("checkout (order-service)");
        assertThat(checkout.get("points").get(0).get(0).asString()).isEqualTo("2025-12-06T00:00:00");
        assertThat(checkout.get("points").get(0).get(1).asDouble()).isEqualTo(0.25);
        assertThat(checkout.get("points").get(1).get(0).asString()).isEqualTo("2025-12-06T00:01:00");
        JsonNode cart = query.get("series").get(1);
        assertThat(cart.get("points").get(1).get(1).isNull())
                .as("NaN has no JSON number")
                .isTrue();
        assertThat(query.get("columns").findValuesAsString("alias")).containsExactly("timestamp", "series", "value");
        assertThat(query.get("rows").get(0).get(1).asString()).isEqualTo("checkout (order-service)");

        Map<String, Object> metric = new java.util.HashMap<>(panel);
        metric.put("type", "metric");
        metric.put("config", Map.of("aggregation", "max"));
        JsonNode stat = send(
                        "POST",
                        "/api/v1/dashboards/panels/data",
                        viewer,
                        Map.of("panel", metric, "startTime", start, "endTime", start + 600_000_000L))
                .json();
        assertThat(stat.get("queries").get(0).get("value").asDouble()).isPositive();
    }

    @Test
    void promQlRefusedByThePrometheusApi_isABadRequestWithItsMessage() {
        Map<String, Object> panel = Map.of(
                "id", "broken",
                "type", "line",
                "queryType", "promql",
                "queries",
                        List.of(Map.of(
                                "query",
                                "syntax error(",
                                "customQuery",
                                true,
                                "fields",
                                Map.of("stream", "x", "stream_type", "metrics", "x", List.of(), "y", List.of()),
                                "config",
                                Map.of("promql_legend", ""))));
        Answer refused = send(
                "POST",
                "/api/v1/dashboards/panels/data",
                token(org, Role.VIEWER),
                Map.of("panel", panel, "period", "1h"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("parse error");
    }

    @Test
    void aFieldNoRecordHasYet_answersNoRows_withANote_notAnError() {
        String fresh = newOrg("nogeo").replace('-', '_');
        long now = Instant.now().getEpochSecond() * 1_000_000L;
        assertThat(TestStore.client(fresh)
                        .ingest(
                                "events",
                                List.of(Map.of(
                                        "_timestamp", now - 60_000_000L, "type", "page_view", "session_id", "s-1")))
                        .hasFailures())
                .isFalse();
        String behaviour = send("GET", "/api/v1/dashboards?folder=ecommerce", token(fresh, Role.VIEWER), null)
                .json()
                .get("dashboards")
                .valueStream()
                .filter(d -> d.get("managed_by").asString("").equals("pack:user-behaviour"))
                .findFirst()
                .orElseThrow()
                .get("dashboard_id")
                .asString();

        Answer answer = send(
                "POST",
                "/api/v1/dashboards/" + behaviour + "/panels/Panel_ID_by_country/data",
                token(fresh, Role.VIEWER),
                Map.of("period", "1h"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode query = answer.json().get("queries").get(0);
        assertThat(query.get("rows")).isEmpty();
        assertThat(query.get("series")).isEmpty();
        assertThat(query.get("columns").findValuesAsString("alias")).containsExactly("x_axis_1", "y_axis_1");
        assertThat(query.get("warning").asString()).startsWith("field geo_country not in stream events yet");
    }

    @Test
    void aStreamNoRecordHasReachedYet_answersNoRows_withANote() {
        Map<String, Object> panel = Map.of(
                "id", "draft",
                "type", "bar",
                "queryType", "sql",
                "queries",
                        List.of(Map.of(
                                "query",
                                "SELECT type AS \"x_axis_1\", COUNT(*) AS \"y_axis_1\" FROM \"checkout_audit\""
                                        + " GROUP BY x_axis_1",
                                "customQuery",
                                true,
                                "fields",
                                Map.of(
                                        "stream",
                                        "checkout_audit",
                                        "stream_type",
                                        "logs",
                                        "x",
                                        List.of(Map.of("label", "t", "alias", "x_axis_1")),
                                        "y",
                                        List.of(Map.of("label", "n", "alias", "y_axis_1"))))));
        Answer answer = send(
                "POST",
                "/api/v1/dashboards/panels/data",
                token(org, Role.VIEWER),
                Map.of("panel", panel, "period", "1h"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("queries").get(0).get("rows")).isEmpty();
        assertThat(answer.json().get("queries").get(0).get("warning").asString())
                .startsWith("stream checkout_audit does not exist yet");
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
