package io.shopwatch.metrics.otlp;

import java.util.TreeMap;

/**
 * Degrades an OTLP exponential histogram to the classic cumulative buckets OpenObserve stores ({@code _bucket} series
 * with {@code le}). Bucket {@code k} of scale {@code s} holds the values whose absolute value lies in
 * {@code (base^k, base^(k+1)]}, {@code base = 2^(2^-s)}: a positive bucket becomes {@code le = base^(k+1)}, a negative
 * one {@code le = -base^k}, the zero bucket {@code le = 0}, and {@code +Inf} is the count. Before that the histogram is
 * downscaled (two neighbouring buckets merged into one, scale minus one, exactly as OpenTelemetry SDKs downscale)
 * until it has at most {@code maxBuckets} buckets, the cap OpenObserve applies to Prometheus native histograms
 * ({@code ZO_PROMETHEUS_NATIVE_HISTOGRAM_MAX_BUCKETS}, 16).
 *
 * <p>OpenObserve's own OTLP receiver writes each exponential bucket's own count, not the cumulative one; ShopWatch
 * writes cumulative counts, so that {@code histogram_quantile} reads the series as it reads any classic histogram.
 */
final class ExponentialBuckets {

    /** The lowest scale downscaling goes to: {@code base = 2^1024}, beyond any double. */
    private static final int MIN_SCALE = -10;

    /** One side of the histogram: counts of buckets {@code offset}, {@code offset + 1}, ... */
    record Side(int offset, long[] counts) {

        Side halve() {
            if (counts.length == 0) {
                return this;
            }
            int newOffset = offset >> 1;
            int last = (offset + counts.length - 1) >> 1;
            long[] merged = new long[last - newOffset + 1];
            for (int i = 0; i < counts.length; i++) {
                merged[((offset + i) >> 1) - newOffset] += counts[i];
            }
            return new Side(newOffset, merged);
        }
    }

    private ExponentialBuckets() {}

    /**
     * @return upper bound to cumulative count, {@code +Inf} included
     * @throws IllegalArgumentException when the buckets hold more than {@code count} values
     */
    static TreeMap<Double, Double> toClassic(
            int scale, long zeroCount, Side positive, Side negative, long count, int maxBuckets) {
        while (positive.counts().length + negative.counts().length > maxBuckets && scale > MIN_SCALE) {
            scale--;
            positive = positive.halve();
            negative = negative.halve();
        }
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double cumulative = 0;
        for (int i = negative.counts().length - 1; i >= 0; i--) {
            cumulative += negative.counts()[i];
            buckets.put(-power(scale, negative.offset() + i), cumulative);
        }
        if (zeroCount > 0 || negative.counts().length > 0) {
            cumulative += zeroCount;
            buckets.put(0.0, cumulative);
        }
        for (int i = 0; i < positive.counts().length; i++) {
            cumulative += positive.counts()[i];
            buckets.put(power(scale, positive.offset() + i + 1), cumulative);
        }
        if (cumulative > count) {
            throw new IllegalArgumentException(
                    "the exponential buckets hold " + (long) cumulative + " values, more than the count " + count);
        }
        // a bound beyond a double's range is +Inf itself: the count
        buckets.put(Double.POSITIVE_INFINITY, (double) count);
        return buckets;
    }

    /** {@code base^index} with {@code base = 2^(2^-scale)}. */
    static double power(int scale, int index) {
        return Math.pow(2.0, Math.scalb((double) index, -scale));
    }
}
