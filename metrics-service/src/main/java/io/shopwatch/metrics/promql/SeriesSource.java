package io.shopwatch.metrics.promql;

import java.util.List;
import java.util.SortedMap;

/** Where the evaluator reads samples: the series of one metric with their samples in a time window. */
@FunctionalInterface
public interface SeriesSource {

    /**
     * One series with its samples, oldest first, one per timestamp.
     *
     * @param labels every label including {@code __name__}, sorted by name
     */
    record StoredSeries(SortedMap<String, String> labels, long[] timestamps, double[] values) {}

    /** The series of {@code metric} matching every matcher, with their samples in {@code [fromMillis, toMillis]}. */
    List<StoredSeries> select(String metric, List<Matcher> matchers, long fromMillis, long toMillis);
}
