package io.shopwatch.performance.cache;

import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the frontend knows about one read before sending it: the key identical reads share, and whether (and for which
 * streams and time range) its answer may be cached.
 *
 * @param key identical reads have the same key (org, normalised SQL, time range and every other parameter)
 * @param org the organisation in the path
 * @param streams the streams the read touches (empty when unknown: then it is never cached)
 * @param startMicros inclusive start of the time range, µs
 * @param endMicros exclusive end of the time range, µs
 * @param cacheable whether the answer may be cached at all (the freshness window is checked later, against the clock)
 * @param description a short text for statistics (the normalised SQL, or the path)
 * @param bucketed the histogram shape when the query may be split at bucket boundaries, else null
 * @param split what {@link QueryPlanner#piece} needs to build the same query over another range, else null
 * @param aggregated the aggregate shape when the query's answer may be merged from pieces, else null
 */
public record QueryPlan(
        String key,
        String org,
        Set<String> streams,
        long startMicros,
        long endMicros,
        boolean cacheable,
        String description,
        HistogramShape.Bucketed bucketed,
        Split split,
        AggregateShape.Aggregated aggregated) {

    /**
     * The request as received and in canonical form, to build pieces of it, and the key of a piece over any range
     * (the same as {@code prefix} + the sorted canonical form with that range, built without serialising it).
     */
    public record Split(String prefix, ObjectNode request, ObjectNode canonical, PieceKeys pieceKeys) {}

    /** The key of the query over another range: the text around its start and end. */
    public record PieceKeys(String before, String between, String after, boolean startFirst) {

        public String key(long startMicros, long endMicros) {
            long first = startFirst ? startMicros : endMicros;
            long second = startFirst ? endMicros : startMicros;
            return before + first + between + second + after;
        }
    }

    public QueryPlan {
        streams = Set.copyOf(streams);
    }

    /** A plan that is never merged from aggregate pieces. */
    public QueryPlan(
            String key,
            String org,
            Set<String> streams,
            long startMicros,
            long endMicros,
            boolean cacheable,
            String description,
            HistogramShape.Bucketed bucketed,
            Split split) {
        this(key, org, streams, startMicros, endMicros, cacheable, description, bucketed, split, null);
    }

    /** A plan that is never split. */
    public QueryPlan(
            String key,
            String org,
            Set<String> streams,
            long startMicros,
            long endMicros,
            boolean cacheable,
            String description) {
        this(key, org, streams, startMicros, endMicros, cacheable, description, null, null, null);
    }

    /** A read that is coalesced with identical ones but never cached. */
    public static QueryPlan uncacheable(String key, String org, String description) {
        return new QueryPlan(key, org, Set.of(), 0, 0, false, description);
    }
}
