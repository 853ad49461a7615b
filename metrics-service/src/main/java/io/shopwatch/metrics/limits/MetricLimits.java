package io.shopwatch.metrics.limits;

/**
 * The limits applied to every sample before it is stored, Mimir's per-tenant limits under ShopWatch's names.
 *
 * @param maxSeriesPerMetric distinct series one metric name may have in an org
 * @param maxSeriesPerOrg distinct series an org may have over all its metrics
 * @param maxLabelNamesPerSeries labels one series may carry (its name not counted)
 * @param maxLabelNameLength characters of a label name
 * @param maxLabelValueLength characters of a label value (and of the metric name)
 * @param allowedLabels the label names the metric's definition allows; empty: any
 * @param maxLabelValues distinct values each label of the metric may take (its definition's); 0: no limit
 */
public record MetricLimits(
        int maxSeriesPerMetric,
        int maxSeriesPerOrg,
        int maxLabelNamesPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength,
        java.util.Set<String> allowedLabels,
        int maxLabelValues) {

    public MetricLimits {
        allowedLabels = allowedLabels == null ? java.util.Set.of() : java.util.Set.copyOf(allowedLabels);
    }

    /** Limits without a per-label value limit. */
    public MetricLimits(
            int maxSeriesPerMetric,
            int maxSeriesPerOrg,
            int maxLabelNamesPerSeries,
            int maxLabelNameLength,
            int maxLabelValueLength,
            java.util.Set<String> allowedLabels) {
        this(
                maxSeriesPerMetric,
                maxSeriesPerOrg,
                maxLabelNamesPerSeries,
                maxLabelNameLength,
                maxLabelValueLength,
                allowedLabels,
                0);
    }

    /** Limits without a label allow-list. */
    public MetricLimits(
            int maxSeriesPerMetric,
            int maxSeriesPerOrg,
            int maxLabelNamesPerSeries,
            int maxLabelNameLength,
            int maxLabelValueLength) {
        this(
                maxSeriesPerMetric,
                maxSeriesPerOrg,
                maxLabelNamesPerSeries,
                maxLabelNameLength,
                maxLabelValueLength,
                java.util.Set.of());
    }
}
