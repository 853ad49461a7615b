package io.shopwatch.backup.stream;

import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.openobserve.StreamSearch;
import io.shopwatch.common.openobserve.StreamType;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads every record of a stream in a time range through {@code _search}, without trusting any result cap.
 *
 * <p>OpenObserve answers at most {@code size} hits (1000 by default, {@code ZO_QUERY_DEFAULT_LIMIT}), and offset paging
 * ({@code from}) over rows that share a {@code _timestamp} has no stable order. So each range is first counted
 * ({@code SELECT count(*)}); a range with more records than one page is split in two halves by time, recursively, until
 * each piece fits one request. Every piece is read in one request and its hit count compared with its count: a
 * mismatch (records arriving while the backup runs) is counted and read again, and after {@code attempts} the backup
 * fails instead of writing a short file. More than a page of records at one microsecond cannot be split: the backup
 * fails with that reason (raise the page size).
 */
final class SliceReader {

    /** Receives the records of a range in time order. */
    interface Sink {
        void accept(Map<String, Object> record) throws IOException;
    }

    private static final Comparator<Map<String, Object>> BY_TIMESTAMP =
            Comparator.comparingLong(r -> r.get("_timestamp") instanceof Number n ? n.longValue() : 0L);

    private final StreamSearch search;
    private final String stream;
    private final StreamType type;
    private final int pageSize;
    private final int attempts;
    private long requests;

    SliceReader(StreamSearch search, String stream, StreamType type, int pageSize, int attempts) {
        this.search = search;
        this.stream = stream;
        this.type = type;
        this.pageSize = pageSize;
        this.attempts = attempts;
    }

    /** How many records {@code [start, end)} holds. */
    long count(long start, long end) {
        requests++;
        SearchResult result = search.search(SearchRequest.sql("SELECT count(*) AS n FROM \"" + stream + "\"")
                .range(start, end)
                .type(type)
                .build());
        return result.hits().isEmpty() ? 0 : result.singleLong("n");
    }

    /** Reads {@code [start, end)}, which holds {@code count} records, into {@code sink}; returns the records read. */
    long read(long start, long end, long count, Sink sink) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (count <= pageSize) {
            long expected = count;
            for (int attempt = 1; ; attempt++) {
                requests++;
                List<Map<String, Object>> hits = search.search(
                                SearchRequest.sql("SELECT * FROM \"" + stream + "\" ORDER BY _timestamp")
                                        .range(start, end)
                                        .size((int) expected)
                                        .type(type)
                                        .build())
                        .hits();
                if (hits.size() == expected) {
                    List<Map<String, Object>> sorted =
                            hits.stream().sorted(BY_TIMESTAMP).toList();
                    for (Map<String, Object> hit : sorted) {
                        sink.accept(hit);
                    }
                    return hits.size();
                }
                if (attempt >= attempts) {
                    throw new IllegalStateException(stream + " [" + start + ", " + end + "): counted " + expected
                            + " records but read " + hits.size() + " after " + attempts + " attempts");
                }
                expected = count(start, end);
                if (expected > pageSize) {
                    return read(start, end, expected, sink);
                }
            }
        }
        if (end - start <= 1) {
            throw new IllegalStateException(stream + ": " + count + " records at the one microsecond " + start
                    + " exceed the page size " + pageSize + "; raise SHOPWATCH_BACKUP_PAGE_SIZE");
        }
        long middle = start + (end - start) / 2;
        long left = count(start, middle);
        long right = count(middle, end);
        return read(start, middle, left, sink) + read(middle, end, right, sink);
    }

    long requests() {
        return requests;
    }
}
