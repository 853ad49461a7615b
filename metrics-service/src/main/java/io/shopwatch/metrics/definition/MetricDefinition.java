package io.shopwatch.metrics.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.metrics.sample.MetricType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A metric of an org's registry: name (Prometheus' naming rules: lower-case snake case, {@code _total} for counters,
 * the unit as a suffix), type, unit, help, the label names samples may carry, histogram buckets and its own series
 * limit.
 *
 * @param labels allowed label names; empty: any
 * @param buckets histogram bucket bounds, increasing; {@code null} for other types or when not fixed
 * @param maxSeries this metric's series limit; {@code null}: the service's default
 * @param maxLabelValues most distinct values each of its labels may take; {@code null}: no limit
 * @param version 1 for a new definition, +1 on every change (read-only)
 * @param updatedAt last change (read-only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricDefinition(
        String name,
        String type,
        String unit,
        String help,
        List<String> labels,
        List<Double> buckets,
        @JsonProperty("max_series") Integer maxSeries,
        @JsonProperty("max_label_values") Integer maxLabelValues,
        Integer version,
        @JsonProperty("updated_at") Instant updatedAt) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");
    private static final Pattern LABEL = Pattern.compile("[a-z_][a-z0-9_]{0,127}");

    public MetricDefinition {
        unit = unit == null ? "" : unit;
        help = help == null ? "" : help;
        labels = labels == null ? List.of() : List.copyOf(labels);
        buckets = buckets == null ? null : List.copyOf(buckets);
    }

    /** The same definition with its name, version and time set by the registry. */
    MetricDefinition stored(String name, int version, Instant updatedAt) {
        return new MetricDefinition(
                name, type, unit, help, labels, buckets, maxSeries, maxLabelValues, version, updatedAt);
    }

    /** Checks the naming rules and the fields; 400 naming the first problem. */
    public void validate() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ShopWatchException.invalid(
                    "name must be lower-case snake case: a letter, then letters, digits or '_' (at most 128)");
        }
        MetricType metricType = type == null ? null : MetricType.parse(type);
        if (metricType == null || metricType == MetricType.SUMMARY) {
            throw ShopWatchException.invalid("type must be counter, gauge or histogram");
        }
        if (metricType == MetricType.COUNTER && !name.endsWith("_total")) {
            throw ShopWatchException.invalid("a counter's name ends with _total (Prometheus naming): " + name);
        }
        if (metricType != MetricType.COUNTER && name.endsWith("_total")) {
            throw ShopWatchException.invalid("only counters end with _total: " + name);
        }
        if (!unit.isEmpty()) {
            if (!LABEL.matcher(unit).matches()) {
                throw ShopWatchException.invalid("unit must be a lower-case word such as seconds or bytes");
            }
            String base =
                    metricType == MetricType.COUNTER ? name.substring(0, name.length() - "_total".length()) : name;
            if (!base.endsWith("_" + unit)) {
                throw ShopWatchException.invalid(
                        "the unit is the name's suffix (before _total for counters): " + name + " has no _" + unit);
            }
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (label == null || !LABEL.matcher(label).matches() || label.startsWith("__") || label.equals("le")) {
                throw ShopWatchException.invalid("label names are lower-case snake case, not le or __*: " + label);
            }
            if (!seen.add(label)) {
                throw ShopWatchException.invalid("label " + label + " listed twice");
            }
        }
        if (buckets != null) {
            if (metricType != MetricType.HISTOGRAM) {
                throw ShopWatchException.invalid("only histograms have buckets");
            }
            for (int i = 1; i < buckets.size(); i++) {
                if (buckets.get(i) == null || buckets.get(i - 1) == null || buckets.get(i) <= buckets.get(i - 1)) {
                    throw ShopWatchException.invalid("buckets must be increasing numbers");
                }
            }
        }
        if (maxSeries != null && maxSeries < 1) {
            throw ShopWatchException.invalid("max_series must be at least 1");
        }
        if (maxLabelValues != null && maxLabelValues < 1) {
            throw ShopWatchException.invalid("max_label_values must be at least 1");
        }
    }
}
