package io.shopwatch.dashboard.query;

import java.util.List;
import java.util.Map;

/**
 * What a panel's data request asks for.
 *
 * @param startMicros inclusive start of the range, µs
 * @param endMicros exclusive end, µs
 * @param width the panel's width in pixels ({@code $__interval} follows it); 1000 when unknown
 * @param variables values by variable name: a string, or a list for a multi-select variable
 */
public record PanelQuery(
        Long startMicros, Long endMicros, String period, Integer width, Map<String, Object> variables) {

    public PanelQuery {
        variables = variables == null ? Map.of() : variables;
    }

    /** Nothing set: the dashboard's default time range and variable values. */
    public static PanelQuery defaults() {
        return new PanelQuery(null, null, null, null, Map.of());
    }

    int widthOrDefault() {
        return width == null || width <= 0 ? 1000 : width;
    }

    /** A value the caller set for {@code name}, or null. */
    List<String> valueOf(String name) {
        Object value = variables.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? null : v.toString()).toList();
        }
        return java.util.Collections.singletonList(value.toString());
    }
}
