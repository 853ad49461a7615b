package io.shopwatch.common.state;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A service's platform state for one org, as its export API answers ({@code GET <base>/state/export}) and its import
 * API takes it ({@code POST <base>/state/import}). Each section is a list of JSON objects, each with a string
 * {@code id} unique in its section, sorted by id: two exports of the same state are equal apart from
 * {@code exportedAt}.
 *
 * @param format {@value #FORMAT}
 * @param service the exporting service ({@code dashboards}, {@code config}, ...)
 * @param org the org the state belongs to (the caller's)
 * @param exportedAt when it was read
 * @param sections section name → items
 */
public record StateDocument(
        int format, String service, String org, Instant exportedAt, Map<String, List<JsonNode>> sections) {

    public static final int FORMAT = 1;

    public StateDocument {
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        if (sections != null) {
            sections.forEach((name, items) -> copy.put(name, items == null ? List.of() : List.copyOf(items)));
        }
        sections = java.util.Collections.unmodifiableMap(copy);
    }

    /** Number of items in every section. */
    public int items() {
        return sections.values().stream().mapToInt(List::size).sum();
    }

    /** The id of an item; {@link IllegalArgumentException} when it has none. */
    public static String id(JsonNode item) {
        JsonNode id = item == null ? null : item.get("id");
        if (id == null || !id.isString() || id.asString().isEmpty()) {
            throw new IllegalArgumentException("a state item needs a string id");
        }
        return id.asString();
    }
}
