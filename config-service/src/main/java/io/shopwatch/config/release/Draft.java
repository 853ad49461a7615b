package io.shopwatch.config.release;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The editable configuration of a target: flat property keys to scalar values, as stored (secrets encrypted). */
public record Draft(Target target, SortedMap<String, Object> properties, String editedBy, Instant editedAt) {

    public Draft {
        properties = new TreeMap<>(properties);
    }

    public Map<String, Object> view() {
        return properties;
    }
}
