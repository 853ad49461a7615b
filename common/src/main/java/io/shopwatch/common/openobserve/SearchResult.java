package io.shopwatch.common.openobserve;

import java.util.List;
import java.util.Map;

/**
 * A {@code _search} answer. {@code hits} are the rows as JSON objects (columns that are NULL in a row are absent from
 * it, as OpenObserve writes them); {@code total} is the number of hits unless the request asked to track the total.
 */
public record SearchResult(
        long took,
        List<Map<String, Object>> hits,
        long total,
        long from,
        long size,
        long scanSize,
        long scanRecords,
        List<String> functionError,
        Long histogramInterval,
        boolean partial,
        String traceId) {

    public SearchResult {
        hits = List.copyOf(hits);
        functionError = functionError == null ? List.of() : List.copyOf(functionError);
    }

    /** The value of the first column of the first hit as a long, e.g. for {@code SELECT count(*) ...}. */
    public long singleLong(String column) {
        if (hits.isEmpty()) {
            throw new IllegalStateException("the search returned no hits");
        }
        Object value = hits.get(0).get(column);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("column " + column + " is not a number: " + value);
    }
}
