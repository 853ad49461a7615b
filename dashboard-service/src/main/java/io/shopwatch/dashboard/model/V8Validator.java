package io.shopwatch.dashboard.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Refuses v8 documents that OpenObserve would refuse or render wrongly, naming each field: a blank title, tabs and
 * panels without ids or with duplicate ids, unknown panel types, layouts outside the 192-column grid, queries without
 * the keys OpenObserve requires, a {@code filter} that is an array, variables without names. Keys it does not know
 * are not its business: they are kept.
 *
 * <p>Panel ids must be unique in the whole dashboard, not only within a tab as in OpenObserve: the panel-data API
 * addresses a panel by its id alone.
 */
public final class V8Validator {

    static final Set<String> QUERY_TYPES = Set.of("", "sql", "promql");
    static final Set<String> VARIABLE_TYPES =
            Set.of("query_values", "constant", "textbox", "custom", "dynamic_filters");
    static final Set<String> TIME_TYPES = Set.of("relative", "absolute");

    private final List<FieldError> errors = new ArrayList<>();

    private V8Validator() {}

    /** Everything wrong with {@code document}; empty when it is a valid v8 dashboard. */
    public static List<FieldError> validate(JsonNode document) {
        V8Validator validator = new V8Validator();
        validator.dashboard(document);
        return List.copyOf(validator.errors);
    }

    private void dashboard(JsonNode d) {
        if (d == null || !d.isObject()) {
            error("$", "a dashboard is a JSON object");
            return;
        }
        int version = Dashboards.version(d);
        if (version != Dashboards.CURRENT_VERSION) {
            error("version", "must be 8 (older versions are migrated on import), was " + d.get("version"));
        }
        if (Dashboards.title(d).isEmpty()) {
            error("title", "must not be blank");
        }
        optionalString(d, "description", "description");
        JsonNode tabs = d.get("tabs");
        if (tabs != null && !tabs.isNull()) {
            if (!tabs.isArray()) {
                error("tabs", "must be an array");
            } else {
                tabs(tabs);
            }
        }
        JsonNode variables = d.get("variables");
        if (variables != null && !variables.isNull()) {
            variables(variables);
        }
        JsonNode time = d.get("defaultDatetimeDuration");
        if (time != null && !time.isNull()) {
            time(time, "defaultDatetimeDuration");
        }
    }

    private void tabs(JsonNode tabs) {
        Set<String> tabIds = new HashSet<>();
        Set<String> panelIds = new HashSet<>();
        for (int t = 0; t < tabs.size(); t++) {
            JsonNode tab = tabs.get(t);
            String at = "tabs[" + t + "]";
            if (!tab.isObject()) {
                error(at, "a tab is a JSON object");
                continue;
            }
            String tabId = requiredString(tab, "tabId", at + ".tabId");
            if (tabId != null && !tabIds.add(tabId)) {
                error(at + ".tabId", "duplicate tab id '" + tabId + "'");
            }
            requiredStringMayBeEmpty(tab, "name", at + ".name");
            JsonNode panels = tab.get("panels");
            if (panels == null || panels.isNull()) {
                continue;
            }
            if (!panels.isArray()) {
                error(at + ".panels", "must be an array");
                continue;
            }
            for (int p = 0; p < panels.size(); p++) {
                panel(panels.get(p), at + ".panels[" + p + "]", panelIds);
            }
        }
    }

    private void panel(JsonNode panel, String at, Set<String> panelIds) {
        if (!panel.isObject()) {
            error(at, "a panel is a JSON object");
            return;
        }
        String id = requiredString(panel, "id", at + ".id");
        if (id != null && !panelIds.add(id)) {
            error(at + ".id", "duplicate panel id '" + id + "' (panel ids are unique in a dashboard)");
        }
        String type = requiredString(panel, "type", at + ".type");
        if (type != null && !PanelTypes.ALL.contains(type)) {
            error(at + ".type", "unknown panel type '" + type + "'; known: " + new java.util.TreeSet<>(PanelTypes.ALL));
        }
        requiredStringMayBeEmpty(panel, "title", at + ".title");
        optionalString(panel, "description", at + ".description");
        JsonNode config = panel.get("config");
        if (config == null || !config.isObject()) {
            error(at + ".config", "is required and must be an object");
        } else {
            JsonNode range = config.get("panel_time_range");
            if (range != null && !range.isNull()) {
                time(range, at + ".config.panel_time_range");
            }
        }
        JsonNode queryType = panel.get("queryType");
        if (queryType != null
                && !queryType.isNull()
                && (!queryType.isString() || !QUERY_TYPES.contains(queryType.asString()))) {
            error(at + ".queryType", "must be \"sql\", \"promql\" or \"\"");
        }
        JsonNode queries = panel.get("queries");
        if (queries == null || !queries.isArray()) {
            error(at + ".queries", "is required and must be an array");
        } else {
            for (int q = 0; q < queries.size(); q++) {
                query(queries.get(q), at + ".queries[" + q + "]");
            }
        }
        JsonNode layout = panel.get("layout");
        if (layout != null && !layout.isNull()) {
            layout(layout, at + ".layout");
        }
    }

    private void query(JsonNode query, String at) {
        if (!query.isObject()) {
            error(at, "a query is a JSON object");
            return;
        }
        JsonNode sql = query.get("query");
        if (sql != null && !sql.isNull() && !sql.isString()) {
            error(at + ".query", "must be a string");
        }
        JsonNode custom = query.get("customQuery");
        if (custom == null || !custom.isBoolean()) {
            error(at + ".customQuery", "is required and must be true or false");
        }
        JsonNode fields = query.get("fields");
        if (fields == null || !fields.isObject()) {
            error(at + ".fields", "is required and must be an object");
        } else {
            JsonNode filter = fields.get("filter");
            if (filter != null && !filter.isNull() && !filter.isObject()) {
                error(at + ".fields.filter", "must be an object (a filter group), not " + kind(filter));
            }
            for (String axis : List.of("x", "y", "z", "breakdown")) {
                JsonNode items = fields.get(axis);
                if (items != null && !items.isNull()) {
                    axis(items, at + ".fields." + axis);
                }
            }
        }
        JsonNode config = query.get("config");
        if (config == null || !config.isObject()) {
            error(at + ".config", "is required and must be an object (at least {\"promql_legend\": \"\"})");
        }
    }

    private void axis(JsonNode items, String at) {
        if (!items.isArray()) {
            error(at, "must be an array");
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemAt = at + "[" + i + "]";
            if (!item.isObject()) {
                error(itemAt, "an axis item is a JSON object");
                continue;
            }
            requiredStringMayBeEmpty(item, "label", itemAt + ".label");
            requiredString(item, "alias", itemAt + ".alias");
        }
    }

    private void layout(JsonNode layout, String at) {
        if (!layout.isObject()) {
            error(at, "must be an object {x, y, w, h, i}");
            return;
        }
        Integer x = integer(layout, "x", at, 0);
        integer(layout, "y", at, 0);
        Integer w = integer(layout, "w", at, 1);
        integer(layout, "h", at, 1);
        if (w != null && w > Dashboards.GRID_COLUMNS) {
            error(at + ".w", "must be at most " + Dashboards.GRID_COLUMNS + " (the grid has 192 columns), was " + w);
        } else if (x != null && w != null && x + w > Dashboards.GRID_COLUMNS) {
            error(at + ".x", "x + w must be at most " + Dashboards.GRID_COLUMNS + ", was " + x + " + " + w);
        }
    }

    private Integer integer(JsonNode object, String key, String at, int min) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            error(at + "." + key, "is required");
            return null;
        }
        if (!value.isIntegralNumber()) {
            error(at + "." + key, "must be an integer");
            return null;
        }
        int n = value.asInt();
        if (n < min) {
            error(at + "." + key, "must be at least " + min + ", was " + n);
            return null;
        }
        return n;
    }

    private void variables(JsonNode variables) {
        if (!variables.isObject()) {
            error("variables", "must be an object {list: [...]}");
            return;
        }
        JsonNode list = variables.get("list");
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            error("variables.list", "must be an array");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode variable = list.get(i);
            String at = "variables.list[" + i + "]";
            if (!variable.isObject()) {
                error(at, "a variable is a JSON object");
                continue;
            }
            String name = requiredString(variable, "name", at + ".name");
            if (name != null && !names.add(name)) {
                error(at + ".name", "duplicate variable name '" + name + "'");
            }
            String type = requiredString(variable, "type", at + ".type");
            if (type != null && !VARIABLE_TYPES.contains(type)) {
                error(
                        at + ".type",
                        "unknown variable type '" + type + "'; known: " + new java.util.TreeSet<>(VARIABLE_TYPES));
            }
            if ("query_values".equals(type)) {
                JsonNode data = variable.get("query_data");
                if (data == null || !data.isObject()) {
                    error(at + ".query_data", "is required for a query_values variable");
                } else {
                    requiredString(data, "stream", at + ".query_data.stream");
                    requiredString(data, "field", at + ".query_data.field");
                }
            }
        }
    }

    private void time(JsonNode time, String at) {
        if (!time.isObject()) {
            error(at, "must be an object {type, relativeTimePeriod, startTime, endTime}");
            return;
        }
        JsonNode type = time.get("type");
        if (type != null && !type.isNull() && (!type.isString() || !TIME_TYPES.contains(type.asString()))) {
            error(at + ".type", "must be \"relative\" or \"absolute\"");
        }
    }

    private String requiredString(JsonNode object, String key, String at) {
        JsonNode value = object.get(key);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            error(at, "is required and must be a non-blank string");
            return null;
        }
        return value.asString();
    }

    private void requiredStringMayBeEmpty(JsonNode object, String key, String at) {
        JsonNode value = object.get(key);
        if (value == null || !value.isString()) {
            error(at, "is required and must be a string");
        }
    }

    private void optionalString(JsonNode object, String key, String at) {
        JsonNode value = object.get(key);
        if (value != null && !value.isNull() && !value.isString()) {
            error(at, "must be a string");
        }
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "an array" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
