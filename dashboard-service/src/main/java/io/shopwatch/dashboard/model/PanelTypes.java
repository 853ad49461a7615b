package io.shopwatch.dashboard.model;

import java.util.Set;

/** The panel {@code type} ids OpenObserve's dashboards know ({@code ChartSelection.vue}). */
public final class PanelTypes {

    public static final Set<String> ALL = Set.of(
            "area",
            "area-stacked",
            "bar",
            "h-bar",
            "line",
            "scatter",
            "stacked",
            "h-stacked",
            "geomap",
            "maps",
            "pie",
            "donut",
            "heatmap",
            "table",
            "metric",
            "gauge",
            "html",
            "markdown",
            "sankey",
            "custom_chart");

    /** Types that show one or more series over an x axis. */
    public static final Set<String> SERIES =
            Set.of("area", "area-stacked", "bar", "h-bar", "line", "scatter", "stacked", "h-stacked", "heatmap");

    /** Types whose content is static (no query runs). */
    public static final Set<String> STATIC = Set.of("html", "markdown");

    private PanelTypes() {}
}
