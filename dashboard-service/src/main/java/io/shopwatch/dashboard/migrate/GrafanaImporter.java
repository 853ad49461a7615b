package io.shopwatch.dashboard.migrate;

import io.shopwatch.dashboard.model.Dashboards;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Grafana dashboard (classic JSON model) into an OpenObserve v8 dashboard, with a note for everything that
 * could not be mapped.
 *
 * <ul>
 *   <li>Panels: {@code timeseries}/{@code graph} → {@code line} ({@code bar} when drawn as bars, {@code
 *       area-stacked}/{@code stacked} when stacked), {@code barchart} → {@code bar}/{@code h-bar}, {@code stat}/{@code
 *       singlestat} → {@code metric}, {@code gauge}/{@code bargauge} → {@code gauge}, {@code table} → {@code table},
 *       {@code piechart} → {@code pie}/{@code donut}, {@code text} → {@code markdown}/{@code html}. Other types are
 *       left out and reported.
 *   <li>Rows become tabs: the panels before the first row go to the tab {@code default}, each row's panels (also
 *       those of a collapsed row) to a tab named after it.
 *   <li>Layout: the 24-column grid becomes 192 columns (x, w ×8); Grafana's ~30 px rows become two 17 px rows.
 *   <li>Queries: {@code expr} (Prometheus) → a PromQL query with its {@code legendFormat}; {@code rawSql} or a
 *       string {@code query} → a custom SQL query whose SELECT aliases become the axis fields (the first time-like
 *       one x, the others y). {@code $__timeFilter(...)} becomes {@code true}: OpenObserve applies the time range
 *       itself. Other targets are reported.
 *   <li>Units, decimals, min/max carry over; thresholds, value mappings, overrides, transformations, links and
 *       repeats are reported.
 *   <li>Variables: custom, textbox and constant map to their OpenObserve kind; a query variable becomes a custom
 *       variable with the options the export holds; datasource and ad-hoc variables are reported.
 *   <li>Time: {@code now-6h} → relative {@code 6h}; absolute times → absolute µs.
 * </ul>
 */
public final class GrafanaImporter {

    /** What an import gives: the v8 document and the notes. */
    public record Result(ObjectNode dashboard, List<ImportNote> notes) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int COLUMN_FACTOR = Dashboards.GRID_COLUMNS / 24;
    private static final int ROW_FACTOR = 2;
    private static final Pattern ALIAS = Pattern.compile("(?i)\\bAS\\s+\"?([A-Za-z_][A-Za-z0-9_]*)\"?");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__(?:unixEpoch|)timeFilter\\s*\\([^)]*\\)");
    private static final Pattern RELATIVE = Pattern.compile("now-(\\d+)([smhdwMy])");
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("percent", "percent"),
            Map.entry("percentunit", "percent-1"),
            Map.entry("bytes", "bytes"),
            Map.entry("decbytes", "bytes"),
            Map.entry("kbytes", "kilobytes"),
            Map.entry("mbytes", "megabytes"),
            Map.entry("bps", "bps"),
            Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"),
            Map.entry("µs", "microseconds"),
            Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"),
            Map.entry("currencyUSD", "currency-dollar"),
            Map.entry("currencyEUR", "currency-euro"),
            Map.entry("currencyGBP", "currency-pound"),
            Map.entry("currencyJPY", "currency-yen"),
            Map.entry("currencyINR", "currency-rupee"),
            Map.entry("short", "numbers"),
            Map.entry("none", "default"),
            Map.entry("locale", "locale"));

    private final List<ImportNote> notes = new ArrayList<>();
    private final Set<String> panelIds = new LinkedHashSet<>();

    private GrafanaImporter() {}

    /** Whether a JSON document is a Grafana dashboard rather than an OpenObserve one. */
    public static boolean isGrafana(JsonNode document) {
        if (document.has("dashboard") && document.get("dashboard").isObject() && !document.has("tabs")) {
            return isGrafana(document.get("dashboard")); // the API's {"dashboard": {...}, "meta": {...}} wrapper
        }
        if (document.has("schemaVersion") || document.has("templating") || document.has("uid")) {
            return true;
        }
        for (JsonNode panel : document.path("panels")) {
            if (panel.has("gridPos") || panel.has("targets")) {
                return true;
            }
        }
        return false;
    }

    public static Result convert(JsonNode grafana) {
        JsonNode source =
                grafana.has("dashboard") && grafana.get("dashboard").isObject() ? grafana.get("dashboard") : grafana;
        GrafanaImporter importer = new GrafanaImporter();
        ObjectNode dashboard = importer.dashboard(source);
        return new Result(dashboard, List.copyOf(importer.notes));
    }

    private ObjectNode dashboard(JsonNode g) {
        ObjectNode d = NODES.objectNode();
        d.put("version", Dashboards.CURRENT_VERSION);
        d.put("dashboardId", "");
        String title = g.path("title").asString("").strip();
        d.put("title", title.isEmpty() ? "Imported from Grafana" : title);
        d.put("description", g.path("description").asString(""));
        d.put("role", "");
        d.put("owner", "");
        d.put("created", Instant.now().toString());
        if (g.path("tags").isArray() && !g.path("tags").isEmpty()) {
            note("tags", "OpenObserve dashboards have no tags; dropped " + g.get("tags"));
        }
        d.set("tabs", tabs(g.path("panels")));
        d.set("variables", variables(g.path("templating").path("list")));
        d.set("defaultDatetimeDuration", time(g.path("time")));
        for (JsonNode annotation : g.path("annotations").path("list")) {
            if (!annotation.path("builtIn").asBoolean(false)
                    && annotation.path("builtIn").asInt(0) != 1) {
                note("annotations", "annotation '" + annotation.path("name").asString("") + "' not mapped");
            }
        }
        if (g.path("links").isArray() && !g.path("links").isEmpty()) {
            note("links", "dashboard links not mapped");
        }
        return d;
    }

    private ArrayNode tabs(JsonNode panels) {
        ArrayNode tabs = NODES.arrayNode();
        ObjectNode current = null;
        int rowY = 0;
        for (int i = 0; i < panels.size(); i++) {
            JsonNode panel = panels.get(i);
            String at = "panels[" + i + "]";
            if ("row".equals(panel.path("type").asString(""))) {
                current = tab(tabs, panel.path("title").asString("Row " + (tabs.size() + 1)));
                rowY = panel.path("gridPos").path("y").asInt(0)
                        + panel.path("gridPos").path("h").asInt(1);
                JsonNode inner = panel.path("panels");
                for (int j = 0; j < inner.size(); j++) {
                    addPanel(current, inner.get(j), at + ".panels[" + j + "]", rowY);
                }
                continue;
            }
            if (current == null) {
                current = tab(tabs, "Default");
            }
            addPanel(current, panel, at, rowY);
        }
        if (tabs.isEmpty()) {
            tab(tabs, "Default");
        }
        return tabs;
    }

    private ObjectNode tab(ArrayNode tabs, String name) {
        ObjectNode tab = tabs.addObject();
        tab.put("tabId", tabs.size() == 1 ? "default" : "tab_" + tabs.size());
        tab.put("name", name);
        tab.putArray("panels");
        return tab;
    }

    private void addPanel(ObjectNode tab, JsonNode g, String at, int rowY) {
        String grafanaType = g.path("type").asString("");
        String type = panelType(g, grafanaType);
        if (type == null) {
            note(
                    at,
                    "panel '" + g.path("title").asString("") + "' of type '" + grafanaType
                            + "' has no OpenObserve counterpart; left out");
            return;
        }
        ObjectNode panel = NODES.objectNode();
        String id = "Panel_ID_" + g.path("id").asString(Integer.toString(panelIds.size() + 1));
        while (!panelIds.add(id)) {
            id = id + "_" + panelIds.size();
        }
        panel.put("id", id);
        panel.put("type", type);
        panel.put("title", g.path("title").asString(""));
        panel.put("description", g.path("description").asString(""));
        ObjectNode config = panel.putObject("config");
        config.put(
                "show_legends",
                g.path("options").path("legend").path("showLegend").asBoolean(true));
        config.putNull("legends_position");
        JsonNode defaults = g.path("fieldConfig").path("defaults");
        unit(config, defaults.path("unit").asString(g.path("format").asString("")), at);
        if (defaults.path("decimals").isNumber()) {
            config.put("decimals", defaults.get("decimals").asInt());
        }
        reportUnmapped(g, defaults, at);
        if (type.equals("markdown") || type.equals("html")) {
            String content =
                    g.path("options").path("content").asString(g.path("content").asString(""));
            panel.put(type.equals("html") ? "htmlContent" : "markdownContent", content);
            panel.put("queryType", "");
            panel.putArray("queries");
        } else {
            queries(panel, g, type, defaults, at);
        }
        JsonNode grid = g.path("gridPos");
        ObjectNode layout = panel.putObject("layout");
        int x = Math.max(0, grid.path("x").asInt(0)) * COLUMN_FACTOR;
        int w = Math.max(1, grid.path("w").asInt(12)) * COLUMN_FACTOR;
        layout.put("x", Math.min(x, Dashboards.GRID_COLUMNS - 1));
        layout.put("y", Math.max(0, grid.path("y").asInt(0) - rowY) * ROW_FACTOR);
        layout.put("w", Math.min(w, Dashboards.GRID_COLUMNS - Math.min(x, Dashboards.GRID_COLUMNS - 1)));
        layout.put("h", Math.max(1, grid.path("h").asInt(8)) * ROW_FACTOR);
        layout.put("i", panelIds.size());
        ((ArrayNode) tab.get("panels")).add(panel);
    }

    private String panelType(JsonNode g, String grafanaType) {
        JsonNode custom = g.path("fieldConfig").path("defaults").path("custom");
        boolean stacked = !"none".equals(custom.path("stacking").path("mode").asString("none"))
                || g.path("stack").asBoolean(false);
        return switch (grafanaType) {
            case "timeseries", "graph" -> {
                boolean bars = "bars".equals(custom.path("drawStyle").asString(""))
                        || g.path("bars").asBoolean(false);
                if (bars) {
                    yield stacked ? "stacked" : "bar";
                }
                yield stacked ? "area-stacked" : "line";
            }
            case "barchart" ->
                "horizontal".equals(g.path("options").path("orientation").asString(""))
                        ? (stacked ? "h-stacked" : "h-bar")
                        : (stacked ? "stacked" : "bar");
            case "stat", "singlestat" -> "metric";
            case "gauge", "bargauge" -> "gauge";
            case "table", "table-old" -> "table";
            case "piechart" -> "donut".equals(g.path("options").path("pieType").asString("")) ? "donut" : "pie";
            case "text" ->
                "html"
                                .equals(g.path("options")
                                        .path("mode")
                                        .asString(g.path("mode").asString("")))
                        ? "html"
                        : "markdown";
            case "heatmap" -> "heatmap";
            default -> null;
        };
    }

    private void queries(ObjectNode panel, JsonNode g, String type, JsonNode defaults, String at) {
        ArrayNode queries = panel.putArray("queries");
        String queryType = "";
        JsonNode targets = g.path("targets");
        for (int t = 0; t < targets.size(); t++) {
            JsonNode target = targets.get(t);
            String targetAt = at + ".targets[" + t + "]";
            if (target.path("hide").asBoolean(false)) {
                note(targetAt, "hidden query left out");
                continue;
            }
            ObjectNode query = NODES.objectNode();
            ObjectNode fields = NODES.objectNode();
            ObjectNode config = NODES.objectNode();
            String expr = target.path("expr").asString("");
            String sql = target.path("rawSql")
                    .asString(
                            target.path("query").isString()
                                    ? target.path("query").asString()
                                    : "");
            if (!expr.isBlank()) {
                if (queryType.equals("sql")) {
                    note(targetAt, "PromQL query next to SQL ones in one panel; left out");
                    continue;
                }
                queryType = "promql";
                query.put("query", expr);
                fields.put("stream", "");
                fields.put("stream_type", "metrics");
                fields.putArray("x");
                fields.putArray("y");
                config.put("promql_legend", target.path("legendFormat").asString(""));
            } else if (!sql.isBlank()) {
                if (queryType.equals("promql")) {
                    note(targetAt, "SQL query next to PromQL ones in one panel; left out");
                    continue;
                }
                queryType = "sql";
                String rewritten = TIME_FILTER.matcher(sql).replaceAll("true");
                if (!rewritten.equals(sql)) {
                    note(
                            targetAt,
                            "$__timeFilter(...) replaced by true: the panel's time range applies to every query");
                }
                if (rewritten.contains("$__")) {
                    note(
                            targetAt,
                            "Grafana macros other than $__timeFilter/$__interval are left as they are: " + rewritten);
                }
                query.put("query", rewritten);
                fields.put("stream", stream(rewritten));
                fields.put("stream_type", "logs");
                axes(fields, rewritten, type, targetAt);
                config.put("promql_legend", "");
            } else {
                note(
                        targetAt,
                        "query of datasource '"
                                + target.path("datasource")
                                        .path("type")
                                        .asString(target.path("datasource").asString(""))
                                + "' has no SQL or PromQL text; left out");
                continue;
            }
            query.put("vrlFunctionQuery", "");
            query.put("customQuery", true);
            fields.putArray("z");
            fields.putArray("breakdown");
            ObjectNode filter = fields.putObject("filter");
            filter.put("filterType", "group");
            filter.put("logicalOperator", "AND");
            filter.putArray("conditions");
            query.set("fields", fields);
            if (defaults.path("min").isNumber()) {
                config.set("min", defaults.get("min"));
            }
            if (defaults.path("max").isNumber()) {
                config.set("max", defaults.get("max"));
            }
            query.set("config", config);
            queries.add(query);
        }
        if (queries.isEmpty()) {
            note(
                    at,
                    "panel '" + g.path("title").asString("") + "' has no query that could be mapped; it shows nothing");
        }
        panel.put("queryType", queryType.isEmpty() ? "sql" : queryType);
    }

    /** The SELECT aliases as axis fields: the first time-like one (or the first of all) x, the rest y. */
    private void axes(ObjectNode fields, String sql, String type, String at) {
        int from = indexOfFrom(sql);
        Matcher m = ALIAS.matcher(from < 0 ? sql : sql.substring(0, from));
        List<String> aliases = new ArrayList<>();
        while (m.find()) {
            aliases.add(m.group(1));
        }
        ArrayNode x = fields.putArray("x");
        ArrayNode y = fields.putArray("y");
        if (aliases.isEmpty()) {
            note(at, "no 'AS alias' in the SELECT: the axis fields are empty; name the columns and edit the panel");
            return;
        }
        String xAlias = aliases.stream()
                .filter(a -> a.toLowerCase(java.util.Locale.ROOT).matches(".*(time|x_axis).*"))
                .findFirst()
                .orElse(
                        aliases.size() > 1 || type.equals("table") || type.equals("pie") || type.equals("donut")
                                ? aliases.get(0)
                                : null);
        for (String alias : aliases) {
            ObjectNode item = NODES.objectNode();
            item.put("label", alias);
            item.put("alias", alias);
            item.put("column", alias);
            item.putNull("color");
            item.put("type", "custom");
            (alias.equals(xAlias) ? x : y).add(item);
        }
    }

    private static int indexOfFrom(String sql) {
        Matcher m = Pattern.compile("(?i)\\bFROM\\b").matcher(sql);
        return m.find() ? m.start() : -1;
    }

    private static String stream(String sql) {
        Matcher m = Pattern.compile("(?i)\\bFROM\\s+\"?([A-Za-z0-9_:.-]+)\"?").matcher(sql);
        return m.find() ? m.group(1) : "";
    }

    private void unit(ObjectNode config, String unit, String at) {
        if (unit == null || unit.isBlank()) {
            return;
        }
        String mapped = UNITS.get(unit);
        if (mapped != null) {
            config.put("unit", mapped);
        } else {
            config.put("unit", "custom");
            config.put("unit_custom", unit);
            note(at + ".fieldConfig.defaults.unit", "unit '" + unit + "' has no OpenObserve id; kept as a custom unit");
        }
    }

    private void reportUnmapped(JsonNode g, JsonNode defaults, String at) {
        JsonNode steps = defaults.path("thresholds").path("steps");
        if (steps.isArray() && steps.size() > 1) {
            note(at + ".fieldConfig.defaults.thresholds", "thresholds not mapped");
        }
        if (defaults.path("mappings").isArray() && !defaults.path("mappings").isEmpty()) {
            note(at + ".fieldConfig.defaults.mappings", "value mappings not mapped");
        }
        if (g.path("fieldConfig").path("overrides").isArray()
                && !g.path("fieldConfig").path("overrides").isEmpty()) {
            note(at + ".fieldConfig.overrides", "field overrides not mapped");
        }
        if (g.path("transformations").isArray() && !g.path("transformations").isEmpty()) {
            note(at + ".transformations", "transformations not mapped");
        }
        if (g.hasNonNull("repeat") && !g.path("repeat").asString("").isEmpty()) {
            note(at + ".repeat", "repeat by variable '" + g.path("repeat").asString("") + "' not mapped");
        }
        if ((g.path("links").isArray() && !g.path("links").isEmpty())
                || (defaults.path("links").isArray() && !defaults.path("links").isEmpty())) {
            note(at + ".links", "panel and data links not mapped");
        }
        if (g.hasNonNull("timeShift") || g.hasNonNull("timeFrom")) {
            note(at, "relative time / time shift not mapped");
        }
    }

    private ObjectNode variables(JsonNode list) {
        ObjectNode variables = NODES.objectNode();
        ArrayNode out = variables.putArray("list");
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            String at = "templating.list[" + i + "]";
            String type = v.path("type").asString("");
            String name = v.path("name").asString("");
            ObjectNode variable = NODES.objectNode();
            variable.put("name", name);
            variable.put(
                    "label",
                    v.path("label").asString(name).isEmpty()
                            ? name
                            : v.path("label").asString(name));
            switch (type) {
                case "custom", "interval" -> {
                    variable.put("type", "custom");
                    options(variable, v, customOptions(v.path("query").asString("")));
                    if (type.equals("interval")) {
                        note(at, "interval variable '" + name + "' imported as a custom variable");
                    }
                }
                case "query" -> {
                    variable.put("type", "custom");
                    options(variable, v, List.of());
                    note(
                            at,
                            "query variable '" + name + "' imported as a custom variable with the options the export"
                                    + " holds; OpenObserve's query_values need a stream and a field");
                }
                case "textbox" -> {
                    variable.put("type", "textbox");
                    variable.put("value", current(v));
                }
                case "constant" -> {
                    variable.put("type", "constant");
                    variable.put("value", v.path("query").asString(current(v)));
                }
                default -> {
                    note(at, type + " variable '" + name + "' not mapped");
                    continue;
                }
            }
            out.add(variable);
        }
        variables.put("showDynamicFilters", false);
        return variables;
    }

    private static List<String> customOptions(String query) {
        List<String> values = new ArrayList<>();
        for (String part : query.split("(?<!\\\\),")) {
            String value = part.strip();
            int colon = value.indexOf(" : ");
            if (colon > 0) {
                value = value.substring(colon + 3).strip();
            }
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }

    private static void options(ObjectNode variable, JsonNode v, List<String> fromQuery) {
        ArrayNode options = variable.putArray("options");
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode o : v.path("options")) {
            String value = o.path("value").asString("");
            if (!value.isEmpty() && !value.equals("$__all") && seen.add(value)) {
                options.addObject().put("label", o.path("text").asString(value)).put("value", value);
            }
        }
        for (String value : fromQuery) {
            if (seen.add(value)) {
                options.addObject().put("label", value).put("value", value);
            }
        }
        boolean multi = v.path("multi").asBoolean(false);
        variable.put("multiSelect", multi);
        if (v.path("includeAll").asBoolean(false)) {
            variable.put("selectAllValueForMultiSelect", "all");
        }
        variable.put("value", current(v));
    }

    private static String current(JsonNode v) {
        JsonNode value = v.path("current").path("value");
        if (value.isArray()) {
            return value.isEmpty() ? "" : value.get(0).asString("");
        }
        String text = value.asString("");
        return text.equals("$__all") ? "" : text;
    }

    private ObjectNode time(JsonNode time) {
        ObjectNode t = NODES.objectNode();
        String from = time.path("from").asString("now-1h");
        String to = time.path("to").asString("now");
        Matcher relative = RELATIVE.matcher(from);
        if (relative.matches() && to.equals("now")) {
            String unit = relative.group(2);
            t.put("type", "relative");
            t.put("relativeTimePeriod", relative.group(1) + (unit.equals("M") ? "M" : unit));
            t.putNull("startTime");
            t.putNull("endTime");
            return t;
        }
        try {
            Instant start = Instant.parse(from);
            Instant end = to.equals("now") ? Instant.now() : Instant.parse(to);
            t.put("type", "absolute");
            t.putNull("relativeTimePeriod");
            t.put("startTime", start.toEpochMilli() * 1000);
            t.put("endTime", end.toEpochMilli() * 1000);
            return t;
        } catch (RuntimeException e) {
            note("time", "time range " + from + " to " + to + " not understood; the last hour is used");
            t.put("type", "relative");
            t.put("relativeTimePeriod", "1h");
            t.putNull("startTime");
            t.putNull("endTime");
            return t;
        }
    }

    private void note(String path, String message) {
        notes.add(new ImportNote(path, message));
    }
}
