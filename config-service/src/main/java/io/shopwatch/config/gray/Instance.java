package io.shopwatch.config.gray;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** An instance of a service as it names itself when it fetches its configuration: id (may be null) and labels. */
public record Instance(String id, SortedMap<String, String> labels) {

    public static final Instance UNKNOWN = new Instance(null, new TreeMap<>());

    public Instance {
        labels = new TreeMap<>(labels == null ? Map.of() : labels);
    }
}
