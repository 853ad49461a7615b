package io.shopwatch.tracing.red;

import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.StreamSearch;
import io.shopwatch.common.openobserve.StreamType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads back the RED and service-graph samples {@link RedMetricsWriter} wrote, as the pipeline stored them in the
 * org's metrics streams (one stream per metric name; labels as fields, {@code value}, {@code _timestamp} in µs at the
 * minute's start), with OpenObserve's {@code _search}. The figures come back per writing instance (the
 * {@code instance} label, empty for samples written without one), series and minute; a sample stored twice (a
 * redelivery) counts once. Rows are read in pages ordered by {@code _timestamp} and the series signature
 * {@code __hash__} (every sample of one minute shares its timestamp: without a total order, offset pages could repeat
 * some rows and skip others). Bucket counts are turned back from cumulative ({@code le}) into per-bucket counts.
 */
public final class StoredRed {

    /** The store could not answer; the request may be retried. */
    public static final class StoreUnavailableException extends RuntimeException {
        StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The range and filters would read more samples than allowed. */
    public static final class TooManySamplesException extends RuntimeException {
        TooManySamplesException(String message) {
            super(message);
        }
    }

    /** Figures per writing instance, series and minute. */
    record Figures<K>(Map<String, Map<K, TreeMap<Long, LatencyStats>>> byInstance) {}

    private static final Map<String, Integer> BUCKET_INDEX = new HashMap<>();

    static {
        for (int i = 0; i <= LatencyStats.BOUNDS_MS.length; i++) {
            BUCKET_INDEX.put(RedMetricsWriter.le(i), i);
        }
    }

    private final Function<String, StreamSearch> searchForOrg;
    private final int pageSize;
    private final long maxSamples;

    /**
     * @param pageSize rows per {@code _search} request
     * @param maxSamples most rows one answer may read, over all its streams
     */
    public StoredRed(Function<String, StreamSearch> searchForOrg, int pageSize, long maxSamples) {
        this.searchForOrg = searchForOrg;
        this.pageSize = pageSize;
        this.maxSamples = maxSamples;
    }

    /**
     * RED figures of the minutes in [{@code fromMinute}, {@code toMinute}), of one service and operation when given;
     * without {@code withDurations} only calls and errors (no buckets) are read.
     */
    Figures<SpanMetrics.Operation> operations(
            String org, String service, String operation, long fromMinute, long toMinute, boolean withDurations) {
        List<String> where = new ArrayList<>();
        if (service != null) {
            where.add("service = " + quote(service));
        }
        if (operation != null) {
            where.add("operation = " + quote(operation));
        }
        Function<Map<String, Object>, SpanMetrics.Operation> key =
                row -> new SpanMetrics.Operation(org, text(row, "service"), text(row, "operation"));
        Reading<SpanMetrics.Operation> reading = new Reading<>(org, where, fromMinute, toMinute, key);
        reading.read(RedMetricsWriter.CALLS, (stats, row) -> stats.count = count(row));
        reading.read(RedMetricsWriter.ERRORS, (stats, row) -> stats.errors = count(row));
        if (withDurations) {
            reading.readBuckets(RedMetricsWriter.DURATION + "_bucket");
        }
        return reading.figures();
    }

    /** Service-graph figures of the minutes in [{@code fromMinute}, {@code toMinute}). */
    Figures<SpanMetrics.Edge> edges(String org, long fromMinute, long toMinute) {
        Function<Map<String, Object>, SpanMetrics.Edge> key = row ->
                new SpanMetrics.Edge(org, text(row, "client"), text(row, "server"), text(row, "connection_type"));
        Reading<SpanMetrics.Edge> reading = new Reading<>(org, List.of(), fromMinute, toMinute, key);
        reading.read(RedMetricsWriter.GRAPH_REQUESTS, (stats, row) -> stats.count = count(row));
        reading.read(RedMetricsWriter.GRAPH_FAILED, (stats, row) -> stats.errors = count(row));
        reading.readBuckets(RedMetricsWriter.GRAPH_DURATION + "_bucket");
        return reading.figures();
    }

    /** One answer's reading: the rows of several streams folded into figures per instance, series and minute. */
    private final class Reading<K> {

        private final String org;
        private final List<String> where;
        private final long fromMinute;
        private final long toMinute;
        private final Function<Map<String, Object>, K> key;
        private final Map<String, Map<K, TreeMap<Long, LatencyStats>>> byInstance = new HashMap<>();
        /** The figures whose buckets hold cumulative counts still. */
        private final Set<LatencyStats> withBuckets = Collections.newSetFromMap(new IdentityHashMap<>());

        private long read;

        Reading(String org, List<String> where, long fromMinute, long toMinute, Function<Map<String, Object>, K> key) {
            this.org = org;
            this.where = where;
            this.fromMinute = fromMinute;
            this.toMinute = toMinute;
            this.key = key;
        }

        void read(String stream, BiConsumer<LatencyStats, Map<String, Object>> apply) {
            rows(stream, row -> apply.accept(stats(row), row));
        }

        /** Cumulative bucket counts into the buckets (set, so a sample stored twice counts once), turned at the end. */
        void readBuckets(String stream) {
            rows(stream, row -> {
                Integer index = BUCKET_INDEX.get(text(row, "le"));
                if (index == null) {
                    return; // a bound this version does not write
                }
                LatencyStats stats = stats(row);
                withBuckets.add(stats);
                stats.buckets[index] = count(row);
            });
        }

        Figures<K> figures() {
            for (LatencyStats stats : withBuckets) {
                long[] b = stats.buckets;
                for (int i = 1; i < b.length; i++) {
                    b[i] = Math.max(b[i], b[i - 1]); // a bucket missing from the store: none in it
                }
                for (int i = b.length - 1; i > 0; i--) {
                    b[i] -= b[i - 1];
                }
            }
            return new Figures<>(byInstance);
        }

        private LatencyStats stats(Map<String, Object> row) {
            long minute = Math.floorDiv(((Number) row.get("_timestamp")).longValue(), 60_000_000L);
            return byInstance
                    .computeIfAbsent(text(row, RedMetricsWriter.INSTANCE), i -> new HashMap<>())
                    .computeIfAbsent(key.apply(row), k -> new TreeMap<>())
                    .computeIfAbsent(minute, m -> new LatencyStats());
        }

        private void rows(String stream, Consumer<Map<String, Object>> each) {
            String sql = "SELECT * FROM \"" + stream + "\""
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    // a total order, so that pages by offset neither repeat nor skip rows of the same minute
                    + " ORDER BY _timestamp ASC, __hash__ ASC";
            for (long offset = 0; ; offset += pageSize) {
                List<Map<String, Object>> rows = page(sql, offset);
                read += rows.size();
                if (read > maxSamples) {
                    throw new TooManySamplesException("the range would read more than " + maxSamples
                            + " stored samples; narrow it or filter by service");
                }
                for (Map<String, Object> row : rows) {
                    if (row.get("_timestamp") instanceof Number && row.get("value") instanceof Number) {
                        each.accept(row);
                    }
                }
                if (rows.size() < pageSize) {
                    return;
                }
            }
        }

        private List<Map<String, Object>> page(String sql, long offset) {
            try {
                return searchForOrg
                        .apply(org)
                        .search(SearchRequest.sql(sql)
                                .range(fromMinute * 60_000_000L, toMinute * 60_000_000L)
                                .from(offset)
                                .size(pageSize)
                                .type(StreamType.METRICS)
                                .build())
                        .hits();
            } catch (OpenObserveException e) {
                if (e.isTransient()) {
                    throw new StoreUnavailableException("the metrics store is unavailable: " + e.getMessage(), e);
                }
                String text = (e.getMessage() + " " + e.errorDetail()).toLowerCase(Locale.ROOT);
                if (e.status() == 404
                        || e.code() == OpenObserveException.SEARCH_STREAM_NOT_FOUND
                        || e.code() == FIELD_NOT_FOUND
                        || text.contains("not found")
                        || (text.contains("stream") && text.contains("exist"))) {
                    return List.of(); // nothing written yet, or no sample with the filtered label
                }
                throw new StoreUnavailableException("the metrics store refused the query: " + e.getMessage(), e);
            }
        }
    }

    /** OpenObserve's code for a column no row of the stream has. */
    private static final int FIELD_NOT_FOUND = 20004;

    private static String text(Map<String, Object> row, String field) {
        Object value = row.get(field);
        return value == null ? "" : value.toString();
    }

    private static long count(Map<String, Object> row) {
        return Math.round(((Number) row.get("value")).doubleValue());
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
