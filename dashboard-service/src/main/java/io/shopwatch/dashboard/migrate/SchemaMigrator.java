package io.shopwatch.dashboard.migrate;

import io.shopwatch.dashboard.model.Dashboards;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings an OpenObserve dashboard of schema v1 to v7 to v8, step by step, with the same steps OpenObserve's UI takes
 * on load ({@code convertDashboardSchemaVersion}):
 *
 * <ol>
 *   <li>v1 → v2: each panel's {@code config.title}/{@code description}, {@code query}, {@code customQuery} and
 *       {@code fields} become a panel with one query; the dashboard's {@code layouts} (by {@code panelId}) move into
 *       the panels. Unlike OpenObserve, every other {@code config} key is kept as well.
 *   <li>v2 → v3: the 12-column grid becomes 48 columns (x, w ×4); the panels move into the tab {@code default}.
 *   <li>v3 → v4: x fields after the first become {@code breakdown} (not for tables).
 *   <li>v4 → v5: a {@code filter} list becomes a filter group {@code {filterType: group, logicalOperator: AND,
 *       conditions}}.
 *   <li>v5 → v6: 48 columns become 192 and the row height halves (x, w ×4; h ×2).
 *   <li>v6 → v7: y ×2 (the part of the v6 change OpenObserve first forgot).
 *   <li>v7 → v8: axis items get {@code type} ({@code custom} for custom SQL, else {@code build} with the column as
 *       first {@code field} argument), {@code aggregationFunction} becomes {@code functionName}; filter conditions'
 *       {@code column} becomes {@code {field, streamAlias}}.
 * </ol>
 *
 * A panel without a layout gets one below the others instead of failing. The input is not changed.
 */
public final class SchemaMigrator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> V8_AXES = List.of(
            "x",
            "y",
            "z",
            "breakdown",
            "latitude",
            "longitude",
            "weight",
            "source",
            "target",
            "value",
            "name",
            "value_for_maps");

    private SchemaMigrator() {}

    /** Whether a document without {@code version} is a v1 dashboard (root {@code panels}, no {@code tabs}). */
    public static boolean looksLikeV1(JsonNode document) {
        return !document.has("version") && document.has("panels") && !document.has("tabs");
    }

    /**
     * A v8 copy of an OpenObserve dashboard of version 1 to 8 (a v8 document is returned unchanged).
     *
     * @throws IllegalArgumentException for another version
     */
    public static ObjectNode toV8(JsonNode document) {
        ObjectNode d = (ObjectNode) document.deepCopy();
        int version = looksLikeV1(d) ? 1 : Dashboards.version(d);
        if (version < 1 || version > Dashboards.CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported dashboard version " + d.get("version"));
        }
        if (version <= 1) {
            v1ToV2(d);
        }
        if (version <= 2) {
            v2ToV3(d);
        }
        if (version <= 3) {
            forEachQuery(d, SchemaMigrator::v3ToV4);
        }
        if (version <= 4) {
            forEachQuery(d, (panel, query) -> v4ToV5(query));
        }
        if (version <= 5) {
            forEachLayout(d, layout -> {
                scale(layout, "x", 4);
                scale(layout, "w", 4);
                scale(layout, "h", 2);
            });
        }
        if (version <= 6) {
            forEachLayout(d, layout -> scale(layout, "y", 2));
        }
        if (version <= 7) {
            forEachQuery(d, (panel, query) -> v7ToV8(query));
        }
        d.put("version", Dashboards.CURRENT_VERSION);
        return d;
    }

    private static void v1ToV2(ObjectNode d) {
        ObjectNode layouts = NODES.objectNode();
        JsonNode oldLayouts = d.path("layouts");
        for (JsonNode layout : oldLayouts) {
            ObjectNode l = NODES.objectNode();
            for (String key : List.of("x", "y", "w", "h", "i")) {
                if (layout.has(key)) {
                    l.set(key, layout.get(key));
                }
            }
            layouts.set(layout.path("panelId").asString(""), l);
        }
        ArrayNode panels = NODES.arrayNode();
        int nextY = 0;
        for (JsonNode old : d.path("panels")) {
            ObjectNode panel = convertV1Panel((ObjectNode) old);
            JsonNode layout = layouts.get(panel.path("id").asString(""));
            if (layout != null) {
                panel.set("layout", layout);
                nextY = Math.max(
                        nextY, layout.path("y").asInt(0) + layout.path("h").asInt(0));
            }
            panels.add(panel);
        }
        for (JsonNode panel : panels) {
            if (!panel.has("layout")) {
                // v1 panels without a layout entry: stacked below, half width of the 12-column grid
                ObjectNode l = ((ObjectNode) panel).putObject("layout");
                l.put("x", 0).put("y", nextY).put("w", 6).put("h", 9).put("i", panels.size() + nextY);
                nextY += 9;
            }
        }
        d.set("panels", panels);
        d.remove("layouts");
        d.put("version", 2);
    }

    private static ObjectNode convertV1Panel(ObjectNode old) {
        ObjectNode oldConfig = old.path("config").isObject() ? (ObjectNode) old.get("config") : NODES.objectNode();
        JsonNode oldFields = old.path("fields");
        ObjectNode panel = NODES.objectNode();
        panel.set("id", old.get("id"));
        panel.set("type", old.get("type"));
        panel.put("title", oldConfig.path("title").asString(""));
        panel.put("description", oldConfig.path("description").asString(""));
        ObjectNode config = NODES.objectNode();
        config.put("show_legends", oldConfig.path("show_legends").asBoolean(true));
        for (var entry : oldConfig.properties()) {
            String key = entry.getKey();
            if (!key.equals("title") && !key.equals("description") && !key.equals("promql_legend")) {
                config.set(key, entry.getValue());
            }
        }
        panel.set("config", config);
        panel.put("queryType", old.path("queryType").asString(""));
        ObjectNode query = NODES.objectNode();
        query.set("query", old.has("query") ? old.get("query") : NODES.stringNode(""));
        query.put("customQuery", old.path("customQuery").asBoolean(false));
        ObjectNode fields = NODES.objectNode();
        fields.put("stream_type", oldFields.path("stream_type").asString("logs"));
        fields.put("stream", oldFields.path("stream").asString(""));
        fields.set("x", arrayOrEmpty(oldFields.get("x")));
        fields.set("y", arrayOrEmpty(oldFields.get("y")));
        fields.set("z", NODES.arrayNode());
        fields.set("filter", arrayOrEmpty(oldFields.get("filter")));
        query.set("fields", fields);
        query.putObject("config")
                .put("promql_legend", oldConfig.path("promql_legend").asString(""));
        panel.putArray("queries").add(query);
        // keys of the old panel this conversion does not know stay on the panel
        for (var entry : old.properties()) {
            if (!List.of("id", "type", "config", "query", "customQuery", "fields", "queryType", "layout")
                    .contains(entry.getKey())) {
                panel.set(entry.getKey(), entry.getValue());
            }
        }
        return panel;
    }

    private static void v2ToV3(ObjectNode d) {
        JsonNode panels = d.has("panels") ? d.get("panels") : NODES.arrayNode();
        for (JsonNode panel : panels) {
            JsonNode layout = panel.get("layout");
            if (layout instanceof ObjectNode l) {
                scale(l, "w", 4);
                scale(l, "x", 4);
            }
        }
        ArrayNode tabs = NODES.arrayNode();
        ObjectNode tab = tabs.addObject();
        tab.set("panels", panels);
        tab.put("name", "Default");
        tab.put("tabId", "default");
        d.set("tabs", tabs);
        d.remove("panels");
        d.put("version", 3);
    }

    private static void v3ToV4(JsonNode panel, ObjectNode query) {
        ObjectNode fields = fields(query);
        if (!fields.path("breakdown").isArray()) {
            fields.putArray("breakdown");
        }
        JsonNode x = fields.path("x");
        if (x.isArray() && x.size() > 1 && !"table".equals(panel.path("type").asString(""))) {
            ArrayNode breakdown = (ArrayNode) fields.get("breakdown");
            ArrayNode first = NODES.arrayNode();
            first.add(x.get(0));
            for (int i = 1; i < x.size(); i++) {
                breakdown.add(x.get(i));
            }
            fields.set("x", first);
        }
    }

    private static void v4ToV5(ObjectNode query) {
        ObjectNode fields = fields(query);
        JsonNode filter = fields.get("filter");
        if (filter == null || filter.isObject()) {
            return;
        }
        ObjectNode group = NODES.objectNode();
        group.put("filterType", "group");
        group.put("logicalOperator", "AND");
        ArrayNode conditions = group.putArray("conditions");
        if (filter.isArray()) {
            for (JsonNode old : filter) {
                ObjectNode condition = conditions.addObject();
                for (String key : List.of("type", "values", "column", "operator", "value")) {
                    if (old.has(key)) {
                        condition.set(key, old.get(key));
                    }
                }
                condition.put("logicalOperator", "AND");
                condition.put("filterType", "condition");
            }
        }
        fields.set("filter", group);
    }

    private static void v7ToV8(ObjectNode query) {
        ObjectNode fields = fields(query);
        boolean custom = query.path("customQuery").asBoolean(false);
        for (String axis : V8_AXES) {
            JsonNode items = fields.get(axis);
            if (items instanceof ArrayNode array) {
                array.forEach(item -> axisItemToV8(item, custom));
            } else if (items instanceof ObjectNode item) {
                axisItemToV8(item, custom);
            }
        }
        JsonNode filter = fields.get("filter");
        if (filter instanceof ObjectNode group) {
            filterColumnsToV8(group);
        }
    }

    private static void axisItemToV8(JsonNode node, boolean custom) {
        if (!(node instanceof ObjectNode item)) {
            return;
        }
        boolean histogram = "histogram".equals(item.path("aggregationFunction").asString(""));
        ArrayNode args;
        if (histogram && item.get("args") instanceof ArrayNode existing) {
            args = existing;
            for (JsonNode arg : args) {
                if (arg instanceof ObjectNode a && !a.has("type")) {
                    a.put("type", "histogramInterval");
                }
            }
        } else {
            args = NODES.arrayNode();
        }
        if (custom) {
            item.put("type", "custom");
        } else {
            item.put("type", "build");
            ObjectNode field = NODES.objectNode();
            field.put("type", "field");
            ObjectNode value = field.putObject("value");
            value.set("field", item.has("column") ? item.get("column") : NODES.nullNode());
            value.putNull("streamAlias");
            args.insert(0, field);
            item.remove("column");
        }
        item.set("args", args);
        JsonNode function = item.remove("aggregationFunction");
        if (function != null && !function.isNull() && !function.asString("").isEmpty()) {
            item.set("functionName", function);
        } else {
            item.putNull("functionName");
        }
    }

    private static void filterColumnsToV8(ObjectNode group) {
        JsonNode conditions = group.get("conditions");
        if (!(conditions instanceof ArrayNode array)) {
            return;
        }
        for (JsonNode node : array) {
            if (!(node instanceof ObjectNode condition)) {
                continue;
            }
            if ("group".equals(condition.path("filterType").asString(""))) {
                filterColumnsToV8(condition);
            } else if (condition.get("column") != null
                    && condition.get("column").isString()) {
                ObjectNode column = NODES.objectNode();
                column.putNull("streamAlias");
                column.set("field", condition.get("column"));
                condition.set("column", column);
            }
        }
    }

    private interface QueryVisitor {
        void visit(JsonNode panel, ObjectNode query);
    }

    private static void forEachQuery(ObjectNode d, QueryVisitor visitor) {
        for (JsonNode tab : d.path("tabs")) {
            for (JsonNode panel : tab.path("panels")) {
                for (JsonNode query : panel.path("queries")) {
                    if (query instanceof ObjectNode q) {
                        visitor.visit(panel, q);
                    }
                }
            }
        }
    }

    private static void forEachLayout(ObjectNode d, java.util.function.Consumer<ObjectNode> action) {
        for (JsonNode tab : d.path("tabs")) {
            for (JsonNode panel : tab.path("panels")) {
                if (panel.get("layout") instanceof ObjectNode layout) {
                    action.accept(layout);
                }
            }
        }
    }

    private static ObjectNode fields(ObjectNode query) {
        if (!(query.get("fields") instanceof ObjectNode)) {
            query.putObject("fields");
        }
        ObjectNode fields = (ObjectNode) query.get("fields");
        if (!fields.path("x").isArray()) {
            fields.putArray("x");
        }
        return fields;
    }

    private static void scale(ObjectNode layout, String key, int factor) {
        JsonNode value = layout.get(key);
        if (value != null && value.isNumber()) {
            layout.put(key, value.asInt() * factor);
        }
    }

    private static JsonNode arrayOrEmpty(JsonNode node) {
        return node != null && node.isArray() ? node : NODES.arrayNode();
    }
}
