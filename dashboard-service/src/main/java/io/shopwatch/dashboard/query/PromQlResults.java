package io.shopwatch.dashboard.query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL range answer shaped like an SQL panel's data: one series per returned series, named by the query's
 * {@code promql_legend} ({@code {{label}}} put in) or else Prometheus' {@code name{label="value"}}; points
 * {@code [time, value]} with the time written as SQL histograms write it ({@code 2026-12-06T08:00:00}, UTC); a table
 * of {@code timestamp}, {@code series}, {@code value}; for metric and gauge panels one value from the first series,
 * chosen by the panel's {@code aggregation} ({@code last}, the default, {@code first}, {@code min}, {@code max},
 * {@code avg}, {@code sum}, {@code count}).
 *
 * <p>A table panel whose {@code promql_table_mode} is {@code single} (OpenObserve's "one row per series") gets one row
 * per series that has a sample at the end of the answer, {@code series} and {@code value}, largest value first: the
 * shape of a "top N" table over an instant value such as {@code topk(10, sum by (product)
 * (increase(shop_items_sold_total[$__range])))}. A series without a sample at the end (one {@code topk} kept at an
 * earlier step only) is left out.
 */
public final class PromQlResults {

    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final List<PanelData.Column> COLUMNS = List.of(
            new PanelData.Column("timestamp", "Time", "x"),
            new PanelData.Column("series", "Series", "breakdown"),
            new PanelData.Column("value", "Value", "y"));

    /** {@code promql_table_mode} of a table with one row per series. */
    static final String SINGLE = "single";

    private static final List<PanelData.Column> SINGLE_COLUMNS =
            List.of(new PanelData.Column("series", "Series", "x"), new PanelData.Column("value", "Value", "y"));

    private PromQlResults() {}

    static PanelData.QueryData shape(
            String type, String query, String legend, String aggregation, List<PrometheusApi.Series> result) {
        return shape(type, query, legend, aggregation, "", result);
    }

    static PanelData.QueryData shape(
            String type,
            String query,
            String legend,
            String aggregation,
            String tableMode,
            List<PrometheusApi.Series> result) {
        if (type.equals("table") && SINGLE.equals(tableMode)) {
            return single(query, legend, result);
        }
        List<List<Object>> rows = new ArrayList<>();
        List<PanelData.Series> series = new ArrayList<>();
        for (PrometheusApi.Series one : result) {
            String name = name(one.metric(), legend);
            List<List<Object>> points = new ArrayList<>(one.samples().size());
            for (PrometheusApi.Sample sample : one.samples()) {
                String time = TIME.format(Instant.ofEpochMilli(sample.millis()));
                List<Object> point = new ArrayList<>(2);
                point.add(time);
                point.add(sample.value());
                points.add(point);
                List<Object> row = new ArrayList<>(3);
                row.add(time);
                row.add(name);
                row.add(sample.value());
                rows.add(row);
            }
            series.add(new PanelData.Series(name, points));
        }
        boolean single = type.equals("metric") || type.equals("gauge");
        Object value = single && !result.isEmpty() ? aggregate(result.get(0).samples(), aggregation) : null;
        return new PanelData.QueryData(query, COLUMNS, rows, type.equals("table") ? List.of() : series, value);
    }

    private static PanelData.QueryData single(String query, String legend, List<PrometheusApi.Series> result) {
        long end = Long.MIN_VALUE;
        for (PrometheusApi.Series one : result) {
            if (!one.samples().isEmpty()) {
                end = Math.max(end, one.samples().get(one.samples().size() - 1).millis());
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (PrometheusApi.Series one : result) {
            if (one.samples().isEmpty()) {
                continue;
            }
            PrometheusApi.Sample last = one.samples().get(one.samples().size() - 1);
            if (last.millis() == end && last.value() != null) {
                List<Object> row = new ArrayList<>(2);
                row.add(name(one.metric(), legend));
                row.add(last.value());
                rows.add(row);
            }
        }
        rows.sort((a, b) -> Double.compare((Double) b.get(1), (Double) a.get(1)));
        return new PanelData.QueryData(query, SINGLE_COLUMNS, rows, List.of(), null);
    }

    /** The legend with {@code {{label}}} put in (a missing label is empty), or {@code name{a="b", ...}}. */
    static String name(Map<String, String> metric, String legend) {
        if (legend != null && !legend.isBlank()) {
            Matcher m = LEGEND_LABEL.matcher(legend);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(metric.getOrDefault(m.group(1), "")));
            }
            m.appendTail(out);
            return out.toString();
        }
        StringBuilder out = new StringBuilder(metric.getOrDefault("__name__", ""));
        List<String> labels = new ArrayList<>();
        metric.forEach((k, v) -> {
            if (!k.equals("__name__")) {
                labels.add(k + "=\"" + v + "\"");
            }
        });
        if (!labels.isEmpty() || out.isEmpty()) {
            out.append('{').append(String.join(", ", labels)).append('}');
        }
        return out.toString();
    }

    static Double aggregate(List<PrometheusApi.Sample> samples, String aggregation) {
        List<Double> values = samples.stream()
                .map(PrometheusApi.Sample::value)
                .filter(Objects::nonNull)
                .toList();
        if (values.isEmpty()) {
            return null;
        }
        String how = aggregation == null || aggregation.isBlank() ? "last" : aggregation;
        return switch (how) {
            case "first" -> values.get(0);
            case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case "avg" ->
                values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case "sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
            case "count" -> (double) values.size();
            default -> values.get(values.size() - 1);
        };
    }
}
