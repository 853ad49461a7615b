package io.shopwatch.dashboard.model;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Facts about an OpenObserve dashboard document that do not depend on its version. */
public final class Dashboards {

    /** The version every stored dashboard has ({@code CURRENT_DASHBOARD_SCHEMA_VERSION} in OpenObserve's UI). */
    public static final int CURRENT_VERSION = 8;

    /** The grid: 192 columns since v6. */
    public static final int GRID_COLUMNS = 192;

    /** One mapper for documents: plain JSON, key order kept. */
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private Dashboards() {}

    /**
     * The schema version of a document: its {@code version} field; a document without one counts as v8, as
     * OpenObserve's {@code DashboardRequestBody} treats it. {@code -1} when {@code version} is not an integer.
     */
    public static int version(JsonNode document) {
        JsonNode version = document.get("version");
        if (version == null || version.isNull()) {
            return CURRENT_VERSION;
        }
        return version.isIntegralNumber() ? version.asInt() : -1;
    }

    /** The document's title, trimmed; empty when it has none. */
    public static String title(JsonNode document) {
        JsonNode title = document.get("title");
        return title != null && title.isString() ? title.asString().strip() : "";
    }

    /** The document's description; empty when it has none. */
    public static String description(JsonNode document) {
        JsonNode description = document.get("description");
        return description != null && description.isString() ? description.asString() : "";
    }

    /** A copy of the document whose {@code dashboardId} is {@code id}. */
    public static ObjectNode withId(JsonNode document, String id) {
        ObjectNode copy = (ObjectNode) document.deepCopy();
        copy.put("dashboardId", id);
        return copy;
    }
}
