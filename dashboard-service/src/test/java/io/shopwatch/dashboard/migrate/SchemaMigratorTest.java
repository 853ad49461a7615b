package io.shopwatch.dashboard.migrate;

import static io.shopwatch.dashboard.DashboardServiceTestBase.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.dashboard.model.V8Validator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SchemaMigratorTest {

    @Test
    void v1_becomesAValidV8_withLayoutsScaledAndPanelsInTheDefaultTab() {
        JsonNode v1 = resource("import/openobserve-v1.json");
        ObjectNode v8 = SchemaMigrator.toV8(v1);

        assertThat(V8Validator.validate(v8)).isEmpty();
        assertThat(v8.get("version").asInt()).isEqualTo(8);
        assertThat(v8.has("layouts")).isFalse();
        assertThat(v8.has("panels")).isFalse();
        assertThat(v8.get("tabs")).hasSize(1);
        JsonNode tab = v8.get("tabs").get(0);
        assertThat(tab.get("tabId").asString()).isEqualTo("default");
        assertThat(tab.get("panels")).hasSize(2);

        JsonNode bar = tab.get("panels").get(0);
        assertThat(bar.get("title").asString()).isEqualTo("Errors by service");
        assertThat(bar.get("description").asString()).isEqualTo("5xx");
        // 12 columns -> 48 (x4) -> 192 (x4); h x2; y x2
        assertThat(bar.get("layout")).isEqualTo(json("{\"x\":0,\"y\":0,\"w\":96,\"h\":18,\"i\":1}"));
        assertThat(tab.get("panels").get(1).get("layout").get("x").asInt()).isEqualTo(96);
        assertThat(bar.get("config").get("decimals").asInt()).isEqualTo(1); // kept, unlike OpenObserve
        JsonNode query = bar.get("queries").get(0);
        assertThat(query.get("query").asString()).startsWith("SELECT service");
        JsonNode fields = query.get("fields");
        // v3 -> v4: the second x field becomes a breakdown
        assertThat(fields.get("x")).hasSize(1);
        assertThat(fields.get("breakdown")).hasSize(1);
        assertThat(fields.get("breakdown").get(0).get("alias").asString()).isEqualTo("x_axis_2");
        // v7 -> v8: builder items carry the column as first argument and the function as functionName
        JsonNode y = fields.get("y").get(0);
        assertThat(y.get("type").asString()).isEqualTo("build");
        assertThat(y.get("functionName").asString()).isEqualTo("count");
        assertThat(y.has("column")).isFalse();
        assertThat(y.get("args").get(0).get("value").get("field").asString()).isEqualTo("_timestamp");
        // v4 -> v5 -> v8: the filter list is a group whose conditions name {field, streamAlias}
        JsonNode filter = fields.get("filter");
        assertThat(filter.get("filterType").asString()).isEqualTo("group");
        assertThat(filter.get("conditions").get(0).get("column").get("field").asString())
                .isEqualTo("level");

        JsonNode customY = tab.get("panels")
                .get(1)
                .get("queries")
                .get(0)
                .get("fields")
                .get("y")
                .get(0);
        assertThat(customY.get("type").asString()).isEqualTo("custom");
        assertThat(customY.get("column").asString()).isEqualTo("y_axis_1");
        assertThat(v8.get("variables").get("list")).hasSize(1);
    }

    @Test
    void v3_keepsEveryTabPanelQueryAndVariable() {
        JsonNode v3 = resource("import/openobserve-v3.json");
        ObjectNode v8 = SchemaMigrator.toV8(v3);

        assertThat(V8Validator.validate(v8)).isEmpty();
        assertThat(counts(v8)).isEqualTo(counts(v3));
        JsonNode table = v8.get("tabs").get(0).get("panels").get(0);
        // tables keep all their x fields
        assertThat(table.get("queries").get(0).get("fields").get("x")).hasSize(2);
        // 48 columns -> 192; h x2; y x2 (v5 -> v6 -> v7)
        JsonNode area = v8.get("tabs").get(0).get("panels").get(1);
        assertThat(area.get("layout")).isEqualTo(json("{\"x\":96,\"y\":18,\"w\":96,\"h\":18,\"i\":2}"));
        JsonNode histogram = area.get("queries").get(0).get("fields").get("x").get(0);
        assertThat(histogram.get("functionName").asString()).isEqualTo("histogram");
        assertThat(histogram.get("args").get(0).get("type").asString()).isEqualTo("field");
        assertThat(histogram.get("args").get(1).toString())
                .isEqualTo("{\"value\":\"1 minute\",\"type\":\"histogramInterval\"}");
        JsonNode list = area.get("queries")
                .get(0)
                .get("fields")
                .get("filter")
                .get("conditions")
                .get(0);
        assertThat(list.get("values")).hasSize(2);
        assertThat(list.get("column").get("field").asString()).isEqualTo("payment");
        JsonNode promql = v8.get("tabs").get(1).get("panels").get(0);
        assertThat(promql.get("queries")
                        .get(1)
                        .get("config")
                        .get("promql_legend")
                        .asString())
                .isEqualTo("p50");
        assertThat(v3.get("version").asInt()).as("the input is not changed").isEqualTo(3);
    }

    @Test
    void v8_isReturnedAsItIs_andAnUnknownVersionIsRefused() {
        JsonNode v8 = resource("example-dashboard-v8.json");
        assertThat(SchemaMigrator.toV8(v8)).isEqualTo(v8);
        ObjectNode v9 = (ObjectNode) v8.deepCopy();
        v9.put("version", 9);
        assertThatThrownBy(() -> SchemaMigrator.toV8(v9)).hasMessageContaining("unsupported dashboard version 9");
    }

    private static JsonNode json(String text) {
        return io.shopwatch.dashboard.model.Dashboards.JSON.readTree(text);
    }

    /** Tabs, then panels per tab, queries per panel, variables. */
    static List<Integer> counts(JsonNode dashboard) {
        List<Integer> counts = new ArrayList<>();
        counts.add(dashboard.path("tabs").size());
        for (JsonNode tab : dashboard.path("tabs")) {
            counts.add(tab.path("panels").size());
            for (JsonNode panel : tab.path("panels")) {
                counts.add(panel.path("queries").size());
            }
        }
        counts.add(dashboard.path("variables").path("list").size());
        return counts;
    }
}
