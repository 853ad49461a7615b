package io.shopwatch.common.openobserve;

import java.util.List;

/** Reads from OpenObserve streams with SQL. */
public interface StreamSearch {

    /** Runs {@code POST /api/{org}/_search}; a refused query throws {@link OpenObserveException} with its code. */
    SearchResult search(SearchRequest request);

    /**
     * The most frequent values of some fields of a stream in a time range ({@code GET /api/{org}/{stream}/_values}),
     * most frequent first.
     */
    default List<FieldValues> values(String stream, List<String> fields, long startMicros, long endMicros, int size) {
        throw new UnsupportedOperationException("values");
    }
}
