package io.shopwatch.metrics.promql;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.metrics.sample.SpecialValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a metric's samples from OpenObserve (or the embedded store) with {@code _search}: every row of the metric's
 * stream in the window, page by page, grouped into series by their labels (every field but {@code _timestamp},
 * {@code value}, {@code __hash__} and {@link SpecialValues#FIELD}, which gives the value when it is not finite); the
 * label matchers are applied here. Samples with the same series and timestamp
 * (a redelivered sample stored twice) count once.
 */
public final class StoreSeriesSource implements SeriesSource {

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_:]*");

    /** The store was not reachable or failed; the query may be retried. */
    public static final class StoreUnavailableException extends RuntimeException {
        StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final OpenObserveClient client;
    private final int pageSize;
    private final long maxSamples;

    /**
     * @param client the client for the org queried
     * @param maxSamples most samples one query may read over all its selectors
     */
    public StoreSeriesSource(OpenObserveClient client, int pageSize, long maxSamples) {
        this.client = client;
        this.pageSize = pageSize;
        this.maxSamples = maxSamples;
    }

    private long read;

    @Override
    public List<StoredSeries> select(String metric, List<Matcher> matchers, long fromMillis, long toMillis) {
        if (!METRIC.matcher(metric).matches()) {
            throw new PromQlException("invalid metric name \"" + metric + "\"");
        }
        String stream = metric.toLowerCase(Locale.ROOT);
        Map<SortedMap<String, String>, TreeMap<Long, Double>> series = new LinkedHashMap<>();
        for (long offset = 0; ; offset += pageSize) {
            List<Map<String, Object>> rows = page(stream, fromMillis, toMillis, offset);
            read += rows.size();
            if (read > maxSamples) {
                throw new PromQlException("query processing would load too many samples into memory (more than "
                        + maxSamples + ", METRICS_QUERY_MAX_SAMPLES)");
            }
            for (Map<String, Object> row : rows) {
                if (!(row.get("_timestamp") instanceof Number ts) || !(row.get("value") instanceof Number value)) {
                    continue;
                }
                SortedMap<String, String> labels = new TreeMap<>();
                row.forEach((key, v) -> {
                    if (v != null
                            && !key.equals("_timestamp")
                            && !key.equals("value")
                            && !key.equals("__hash__")
                            && !key.equals(SpecialValues.FIELD)) {
                        labels.put(key, v.toString());
                    }
                });
                labels.putIfAbsent("__name__", stream);
                if (matchesAll(labels, matchers)) {
                    series.computeIfAbsent(labels, l -> new TreeMap<>())
                            .put(ts.longValue() / 1000, SpecialValues.decode(special(row), value.doubleValue()));
                }
            }
            if (rows.size() < pageSize) {
                break;
            }
        }
        List<StoredSeries> out = new ArrayList<>(series.size());
        series.forEach((labels, samples) -> {
            long[] times = new long[samples.size()];
            double[] values = new double[samples.size()];
            int i = 0;
            for (Map.Entry<Long, Double> sample : samples.entrySet()) {
                times[i] = sample.getKey();
                values[i++] = sample.getValue();
            }
            out.add(new StoredSeries(labels, times, values));
        });
        return out;
    }

    private static String special(Map<String, Object> row) {
        Object field = row.get(SpecialValues.FIELD);
        return field == null || field.toString().isEmpty() ? null : field.toString();
    }

    /** The org's metric streams. */
    @Override
    public List<String> metricNames() {
        try {
            return client.listStreams(StreamType.METRICS).stream()
                    .map(stream -> stream.name())
                    .filter(name -> METRIC.matcher(name).matches())
                    .toList();
        } catch (OpenObserveException e) {
            throw new StoreUnavailableException("the metrics store is unavailable: " + e.getMessage(), e);
        }
    }

    private static boolean matchesAll(Map<String, String> labels, List<Matcher> matchers) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(labels.get(matcher.name()))) {
                return false;
            }
        }
        return true;
    }

    private List<Map<String, Object>> page(String stream, long fromMillis, long toMillis, long offset) {
        // many series share a timestamp (one scrape, one remote-write request): the series' signature makes the order
        // total, so that a page boundary among equal timestamps neither repeats nor skips rows
        String sql = "SELECT * FROM \"" + stream + "\" ORDER BY _timestamp ASC, __hash__ ASC";
        try {
            SearchResult result = client.search(SearchRequest.sql(sql)
                    .range(fromMillis * 1000, toMillis * 1000 + 1)
                    .from(offset)
                    .size(pageSize)
                    .type(StreamType.METRICS)
                    .build());
            return result.hits();
        } catch (OpenObserveException e) {
            if (e.isTransient()) {
                throw new StoreUnavailableException("the metrics store is unavailable: " + e.getMessage(), e);
            }
            String text = (e.getMessage() + " " + e.errorDetail()).toLowerCase(Locale.ROOT);
            if (e.status() == 404 || text.contains("not found") || text.contains("exist")) {
                return List.of(); // no stream: no samples yet
            }
            throw new StoreUnavailableException("the metrics store refused the query: " + e.getMessage(), e);
        }
    }
}
