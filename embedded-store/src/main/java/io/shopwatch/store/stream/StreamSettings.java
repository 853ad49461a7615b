package io.shopwatch.store.stream;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-stream settings this store honours, a subset of OpenObserve's {@code StreamSettings}.
 *
 * @param dataRetention days of data kept; 0 = the global {@code ZO_COMPACT_DATA_RETENTION_DAYS}
 * @param maxQueryRange hours a search may span; 0 = unlimited
 * @param fullTextSearchKeys fields {@code match_all} searches besides the default ones
 * @param indexFields kept for compatibility (no secondary index here)
 * @param bloomFilterFields kept for compatibility (no bloom filters here)
 * @param flattenLevel flatten depth of this stream; null = {@code ZO_INGEST_FLATTEN_LEVEL}
 */
public record StreamSettings(
        int dataRetention,
        long maxQueryRange,
        List<String> fullTextSearchKeys,
        List<String> indexFields,
        List<String> bloomFilterFields,
        Integer flattenLevel) {

    public StreamSettings {
        fullTextSearchKeys = List.copyOf(fullTextSearchKeys == null ? List.of() : fullTextSearchKeys);
        indexFields = List.copyOf(indexFields == null ? List.of() : indexFields);
        bloomFilterFields = List.copyOf(bloomFilterFields == null ? List.of() : bloomFilterFields);
    }

    /** No settings: global retention, unlimited range, default full-text fields. */
    public static StreamSettings defaults() {
        return new StreamSettings(0, 0, List.of(), List.of(), List.of(), null);
    }

    /** A list with {@code add} appended (each value once) and {@code remove} taken out, as OpenObserve's PUT does. */
    public static List<String> addRemove(List<String> current, List<String> add, List<String> remove) {
        Set<String> values = new LinkedHashSet<>(current);
        if (add != null) {
            values.addAll(add);
        }
        if (remove != null) {
            remove.forEach(values::remove);
        }
        return List.copyOf(values);
    }
}
