package io.shopwatch.common.state;

import io.shopwatch.common.web.ShopWatchException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /**
     * An item's field holding an ISO-8601 instant; a 400 problem naming the item and the field when it is missing or
     * does not parse.
     */
    public static Instant instant(JsonNode item, String field) {
        try {
            return Instant.parse(item.path(field).asString(""));
        } catch (DateTimeParseException e) {
            throw ShopWatchException.invalid(id(item) + ": " + field + " is not an ISO-8601 instant");
        }
    }

    /** As {@link #instant}, but null when the field is missing or null. */
    public static Instant optionalInstant(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? null : instant(item, field);
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
