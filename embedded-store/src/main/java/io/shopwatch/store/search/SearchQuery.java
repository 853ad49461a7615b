package io.shopwatch.store.search;

import io.shopwatch.common.openobserve.StreamType;

/**
 * A {@code _search} request as OpenObserve defines it.
 *
 * @param sql the query
 * @param startTime inclusive, µs
 * @param endTime exclusive, µs
 * @param from offset
 * @param size row limit; null = {@code ZO_QUERY_DEFAULT_LIMIT}; 0 or less = the SQL's own LIMIT
 * @param trackTotalHits count every matching row into {@code total}
 * @param type stream type of unqualified stream names
 * @param histogramInterval seconds for {@code histogram()} without an interval; 0 = automatic
 * @param searchType {@code ui}, {@code dashboards}, ... ({@code ui} suppresses the "results capped" warning)
 * @param timeoutSeconds 0 = {@code ZO_QUERY_TIMEOUT}
 */
public record SearchQuery(
        String sql,
        long startTime,
        long endTime,
        long from,
        Integer size,
        boolean trackTotalHits,
        StreamType type,
        long histogramInterval,
        String searchType,
        int timeoutSeconds) {

    public SearchQuery {
        type = type == null ? StreamType.LOGS : type;
    }

    /** The same query over another time range. */
    public SearchQuery withRange(long start, long end) {
        return new SearchQuery(
                sql, start, end, from, size, trackTotalHits, type, histogramInterval, searchType, timeoutSeconds);
    }
}
