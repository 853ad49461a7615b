package io.shopwatch.metrics.promql;

import java.util.ArrayList;
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

    /** Every metric name there is (for selectors without one). */
    default List<String> metricNames() {
        throw new PromQlException("selectors without a metric name are not supported here");
    }

    /**
     * The series a selector matches: those of its metric, or, for a selector without a metric name, those of every
     * metric whose name its {@code __name__} matchers accept (and its other matchers then).
     */
    default List<StoredSeries> select(Expr.VectorSelector selector, long fromMillis, long toMillis) {
        if (selector.metric() != null) {
            return select(selector.metric(), selector.matchers(), fromMillis, toMillis);
        }
        List<StoredSeries> out = new ArrayList<>();
        for (String name : metricNames()) {
            boolean nameMatches = selector.matchers().stream()
                    .filter(m -> m.name().equals("__name__"))
                    .allMatch(m -> m.matches(name));
            if (nameMatches) {
                out.addAll(select(name, selector.matchers(), fromMillis, toMillis));
            }
        }
        return out;
    }
}
