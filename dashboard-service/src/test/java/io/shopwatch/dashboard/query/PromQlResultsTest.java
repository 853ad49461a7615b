package io.shopwatch.dashboard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.dashboard.model.Dashboards;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromQlResultsTest {

    private static PrometheusApi.Sample at(long millis, Double value) {
        return new PrometheusApi.Sample(millis, value);
    }

    @Test
    void name_withoutLegend_isPrometheusStyle() {
        Map<String, String> metric = new LinkedHashMap<>();
        metric.put("__name__", "up");
        metric.put("job", "shop");
        assertThat(PromQlResults.name(metric, "")).isEqualTo("up{job=\"shop\"}");
        assertThat(PromQlResults.name(Map.of(), "")).isEqualTo("{}");
        assertThat(PromQlResults.name(metric, "{{ job }}/{{missing}}")).isEqualTo("shop/");
    }

    @Test
    void aggregate_followsThePanelsAggregation_skippingNaN() {
        List<PrometheusApi.Sample> samples = List.of(at(1, 3.0), at(2, null), at(3, 1.0), at(4, 2.0));
        assertThat(PromQlResults.aggregate(samples, "")).isEqualTo(2.0);
        assertThat(PromQlResults.aggregate(samples, "first")).isEqualTo(3.0);
        assertThat(PromQlResults.aggregate(samples, "max")).isEqualTo(3.0);
        assertThat(PromQlResults.aggregate(samples, "min")).isEqualTo(1.0);
        assertThat(PromQlResults.aggregate(samples, "avg")).isEqualTo(2.0);
        assertThat(PromQlResults.aggregate(samples, "sum")).isEqualTo(6.0);
        assertThat(PromQlResults.aggregate(samples, "count")).isEqualTo(3.0);
        assertThat(PromQlResults.aggregate(List.of(at(1, null)), "last")).isNull();
    }

    @Test
    void shape_table_hasRowsButNoSeries() {
        PanelData.QueryData data = PromQlResults.shape(
                "table", "up", "", "", List.of(new PrometheusApi.Series(Map.of("job", "a"), List.of(at(0, 1.0)))));
        assertThat(data.series()).isEmpty();
        assertThat(data.rows()).containsExactly(List.of("1970-01-01T00:00:00", "{job=\"a\"}", 1.0));
        assertThat(data.value()).isNull();
    }

    @Test
    void shape_tableInSingleMode_oneRowPerSeriesAtTheEnd_largestFirst() {
        PanelData.QueryData data = PromQlResults.shape(
                "table",
                "topk(2, sold)",
                "{{product}}",
                "",
                "single",
                List.of(
                        new PrometheusApi.Series(Map.of("product", "p-1"), List.of(at(0, 9.0), at(60, 3.0))),
                        new PrometheusApi.Series(Map.of("product", "p-2"), List.of(at(0, 1.0), at(60, 7.0))),
                        new PrometheusApi.Series(Map.of("product", "p-3"), List.of(at(0, 20.0)))));
        assertThat(data.columns()).extracting(PanelData.Column::alias).containsExactly("series", "value");
        assertThat(data.rows()).containsExactly(List.of("p-2", 7.0), List.of("p-1", 3.0));
        assertThat(data.series()).isEmpty();
    }

    @Test
    void allLabels_matchEveryValue() {
        assertThat(PanelDataService.allLabels("up{a=~\"_o2_all_\", b=\"_o2_all_\", c!~\"_o2_all_\", d!=\"_o2_all_\"}"))
                .isEqualTo("up{a=~\".*\", b=~\".*\", c!~\".*\", d!~\".*\"}");
    }

    @Test
    void promQlPanel_withoutPrometheusApi_isNotImplemented() {
        PanelDataService service = new PanelDataService(
                org -> {
                    throw new AssertionError("no SQL for a PromQL panel");
                },
                null,
                Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));
        var panel = Dashboards.JSON.readTree(
                "{\"id\":\"p\",\"type\":\"line\",\"queryType\":\"promql\",\"queries\":[{\"query\":\"up\"}]}");
        assertThatThrownBy(
                        () -> service.run("o", null, Dashboards.JSON.createObjectNode(), panel, PanelQuery.defaults()))
                .isInstanceOf(PromQlNotSupportedException.class);
    }

    @Test
    void value_nanAndInfinity_areNull() {
        assertThat(HttpPrometheusApi.value("NaN")).isNull();
        assertThat(HttpPrometheusApi.value("+Inf")).isNull();
        assertThat(HttpPrometheusApi.value("-Inf")).isNull();
        assertThat(HttpPrometheusApi.value("1e3")).isEqualTo(1000.0);
    }
}
