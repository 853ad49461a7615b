package io.shopwatch.metrics.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Series held in memory for evaluator tests, and shortcuts to evaluate a query over them. */
final class SeriesFixture {

    static final long S = 1000;

    private final List<SeriesSource.StoredSeries> data = new ArrayList<>();

    final SeriesSource source = new SeriesSource() {
        @Override
        public List<StoredSeries> select(String metric, List<Matcher> matchers, long from, long to) {
            return data.stream()
                    .filter(s -> s.labels().get("__name__").equals(metric))
                    .filter(s ->
                            matchers.stream().allMatch(m -> m.matches(s.labels().get(m.name()))))
                    .toList();
        }

        @Override
        public List<String> metricNames() {
            return data.stream().map(s -> s.labels().get("__name__")).distinct().toList();
        }
    };

    /** A series given as {@code name,label=value,...} and (seconds, value) pairs. */
    void series(String labels, double... secondsAndValues) {
        SortedMap<String, String> map = new TreeMap<>();
        String[] parts = labels.split(",");
        map.put("__name__", parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=");
            map.put(kv[0], kv[1]);
        }
        long[] ts = new long[secondsAndValues.length / 2];
        double[] vs = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = (long) (secondsAndValues[2 * i] * S);
            vs[i] = secondsAndValues[2 * i + 1];
        }
        data.add(new SeriesSource.StoredSeries(map, ts, vs));
    }

    /** A counter growing by {@code perSecond} every second, sampled every 30 s from 30 s to 300 s. */
    void counter(String labels, double perSecond) {
        double[] samples = new double[20];
        for (int i = 0; i < 10; i++) {
            samples[2 * i] = 30.0 * (i + 1);
            samples[2 * i + 1] = perSecond * 30.0 * (i + 1);
        }
        series(labels, samples);
    }

    Evaluator.Value instant(String query, long seconds) {
        return new Evaluator(source).instant(Parser.parse(query), seconds * S);
    }

    /** The instant vector of {@code query} at {@code seconds}, by the labels' text ({@code {a=b, c=d}}). */
    Map<String, Double> vector(String query, long seconds) {
        Map<String, Double> out = new TreeMap<>();
        for (Evaluator.VectorSample sample : ((Evaluator.Vector) instant(query, seconds)).samples()) {
            if (out.put(sample.labels().toString(), sample.value()) != null) {
                throw new AssertionError("two samples labelled " + sample.labels());
            }
        }
        return out;
    }

    List<Evaluator.RangeSeries> range(String query, long startSeconds, long endSeconds, long stepSeconds) {
        return new Evaluator(source).range(Parser.parse(query), startSeconds * S, endSeconds * S, stepSeconds * S);
    }
}
