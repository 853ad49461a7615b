package io.shopwatch.dashboard.migrate;

import static io.shopwatch.dashboard.DashboardServiceTestBase.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.dashboard.model.V8Validator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GrafanaImporterTest {

    private final GrafanaImporter.Result result = GrafanaImporter.convert(resource("import/grafana-shop.json"));
    private final JsonNode dashboard = result.dashboard();

    private List<String> notes() {
        return result.notes().stream().map(n -> n.path() + ": " + n.message()).toList();
    }

    @Test
    void commonPanelTypes_becomeOpenObservePanels_inTabsPerRow() {
        assertThat(GrafanaImporter.isGrafana(resource("import/grafana-shop.json")))
                .isTrue();
        assertThat(GrafanaImporter.isGrafana(resource("example-dashboard-v8.json")))
                .isFalse();
        assertThat(V8Validator.validate(dashboard)).isEmpty();
        assertThat(dashboard.get("title").asString()).isEqualTo("Shop operations");
        assertThat(dashboard.get("tabs")).hasSize(2);
        assertThat(dashboard.get("tabs").get(1).get("name").asString()).isEqualTo("Details");
        List<String> types = new ArrayList<>();
        dashboard.get("tabs").forEach(t -> t.get("panels")
                .forEach(p -> types.add(p.get("type").asString())));
        assertThat(types).containsExactly("line", "h-bar", "metric", "gauge", "table", "donut");
    }

    @Test
    void layout_scalesTo192Columns() {
        JsonNode bar = dashboard.get("tabs").get(0).get("panels").get(1);
        assertThat(bar.get("layout").get("x").asInt()).isEqualTo(96);
        assertThat(bar.get("layout").get("w").asInt()).isEqualTo(96);
        assertThat(bar.get("layout").get("h").asInt()).isEqualTo(16);
        JsonNode table = dashboard.get("tabs").get(1).get("panels").get(0);
        assertThat(table.get("layout").get("y").asInt())
                .as("rebased on its row")
                .isEqualTo(0);
    }

    @Test
    void queries_unitsAndVariables_carryOver() {
        JsonNode line = dashboard.get("tabs").get(0).get("panels").get(0);
        JsonNode query = line.get("queries").get(0);
        assertThat(query.get("customQuery").asBoolean()).isTrue();
        assertThat(query.get("query").asString())
                .doesNotContain("$__timeFilter")
                .contains("WHERE true");
        assertThat(query.get("fields").get("stream").asString()).isEqualTo("orders");
        assertThat(query.get("fields").get("x").get(0).get("alias").asString()).isEqualTo("time");
        assertThat(query.get("fields").get("y").get(0).get("alias").asString()).isEqualTo("orders");

        JsonNode bar = dashboard.get("tabs").get(0).get("panels").get(1);
        assertThat(bar.get("config").get("unit").asString()).isEqualTo("currency-euro");
        assertThat(bar.get("config").get("decimals").asInt()).isEqualTo(2);
        assertThat(bar.get("queries")
                        .get(0)
                        .get("fields")
                        .get("x")
                        .get(0)
                        .get("alias")
                        .asString())
                .isEqualTo("method");

        JsonNode stat = dashboard.get("tabs").get(0).get("panels").get(2);
        assertThat(stat.get("config").get("unit").asString()).isEqualTo("percent-1");

        JsonNode gauge = dashboard.get("tabs").get(0).get("panels").get(3);
        assertThat(gauge.get("queryType").asString()).isEqualTo("promql");
        assertThat(gauge.get("queries")
                        .get(0)
                        .get("config")
                        .get("promql_legend")
                        .asString())
                .isEqualTo("p95");
        assertThat(gauge.get("queries").get(0).get("config").get("max").asInt()).isEqualTo(5);

        JsonNode variables = dashboard.get("variables").get("list");
        List<String> kinds = new ArrayList<>();
        variables.forEach(
                v -> kinds.add(v.get("name").asString() + ":" + v.get("type").asString()));
        assertThat(kinds).containsExactly("service:custom", "country:custom", "search:textbox", "region:constant");
        assertThat(variables.get(0).get("options")).hasSize(3);
        assertThat(variables.get(0).get("multiSelect").asBoolean()).isTrue();
        assertThat(variables.get(1).get("options")).hasSize(2);
        assertThat(variables.get(3).get("value").asString()).isEqualTo("eu-west");
        assertThat(dashboard
                        .get("defaultDatetimeDuration")
                        .get("relativeTimePeriod")
                        .asString())
                .isEqualTo("6h");
    }

    @Test
    void whatCannotBeMapped_isReported() {
        assertThat(notes())
                .anyMatch(n -> n.contains("nodeGraph") && n.contains("left out"))
                .anyMatch(n -> n.startsWith("panels[2].fieldConfig.defaults.thresholds"))
                .anyMatch(n -> n.startsWith("panels[1].fieldConfig.overrides"))
                .anyMatch(n -> n.startsWith("panels[4].panels[0].transformations"))
                .anyMatch(n -> n.contains("datasource variable 'ds'"))
                .anyMatch(n -> n.contains("adhoc variable 'filters'"))
                .anyMatch(n -> n.contains("annotation 'Deploys'"))
                .anyMatch(n -> n.startsWith("tags"))
                .anyMatch(n -> n.contains("$__timeFilter"));
    }
}
