package io.shopwatch.metrics.promql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code histogram_quantile(φ, v)} over classic histograms, as Prometheus' {@code bucketQuantile}
 * (promql/quantile.go): the samples of {@code v} are grouped by all their labels except {@code le} and the name; in each
 * group the buckets are sorted by upper bound, buckets of the same bound are added up, a count below its predecessor is
 * raised to it (and one differing from it by a relative 1e-12 only is set to it), and the quantile is interpolated
 * linearly inside the bucket holding rank {@code φ × count(+Inf)}, the first bucket starting at 0 unless its upper
 * bound is not above 0 (then that bound is the answer). A rank in the {@code +Inf} bucket answers the highest finite
 * upper bound. NaN when the group has no {@code +Inf} bucket, fewer than two buckets or no observations; φ below 0
 * answers -Inf, above 1 +Inf, NaN NaN. Samples whose {@code le} is missing or not a number are left out.
 */
final class HistogramQuantile {

    /** Prometheus' {@code smallDeltaTolerance}. */
    private static final double SMALL_DELTA_TOLERANCE = 1e-12;

    private record Bucket(double upperBound, double count) {}

    private HistogramQuantile() {}

    static Evaluator.Vector of(double phi, Evaluator.Vector vector) {
        Map<SortedMap<String, String>, List<Bucket>> groups = new LinkedHashMap<>();
        for (Evaluator.VectorSample sample : vector.samples()) {
            String le = sample.labels().get("le");
            double upperBound;
            try {
                upperBound = le == null ? Double.NaN : parseBound(le);
            } catch (NumberFormatException e) {
                upperBound = Double.NaN;
            }
            if (Double.isNaN(upperBound)) {
                continue;
            }
            SortedMap<String, String> key = new TreeMap<>(sample.labels());
            key.remove("le");
            key.remove("__name__");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(upperBound, sample.value()));
        }
        List<Evaluator.VectorSample> out = new ArrayList<>(groups.size());
        groups.forEach((labels, buckets) -> out.add(new Evaluator.VectorSample(labels, quantile(phi, buckets))));
        return new Evaluator.Vector(out);
    }

    private static double parseBound(String le) {
        return switch (le.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(le.trim());
        };
    }

    static double quantile(double q, List<Bucket> unsorted) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> sorted = new ArrayList<>(unsorted);
        sorted.sort(Comparator.comparingDouble(Bucket::upperBound));
        if (sorted.isEmpty() || sorted.get(sorted.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        List<Bucket> buckets = new ArrayList<>();
        for (Bucket b : sorted) { // coalesce buckets of the same upper bound
            int last = buckets.size() - 1;
            if (last >= 0 && buckets.get(last).upperBound() == b.upperBound()) {
                buckets.set(last, new Bucket(b.upperBound(), buckets.get(last).count() + b.count()));
            } else {
                buckets.add(b);
            }
        }
        double[] counts = buckets.stream().mapToDouble(Bucket::count).toArray();
        double previous = counts[0];
        for (int i = 1; i < counts.length; i++) { // ensureMonotonicAndIgnoreSmallDeltas
            double current = counts[i];
            if (current == previous) {
                continue;
            }
            if (almostEqual(previous, current)) {
                counts[i] = previous;
                continue;
            }
            if (current < previous) {
                counts[i] = previous;
                continue;
            }
            previous = current;
        }
        int n = counts.length;
        if (n < 2) {
            return Double.NaN;
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && counts[b] < rank) {
            b++;
        }
        if (b == n - 1) {
            return buckets.get(n - 2).upperBound();
        }
        if (b == 0 && buckets.get(0).upperBound() <= 0) {
            return buckets.get(0).upperBound();
        }
        double bucketStart = 0;
        double bucketEnd = buckets.get(b).upperBound();
        double count = counts[b];
        if (b > 0) {
            bucketStart = buckets.get(b - 1).upperBound();
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /** Prometheus' {@code almostEqual} with {@link #SMALL_DELTA_TOLERANCE}. */
    private static boolean almostEqual(double a, double b) {
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < SMALL_DELTA_TOLERANCE * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < SMALL_DELTA_TOLERANCE;
    }
}
