package io.shopwatch.tracing.red;

/**
 * Requests, errors and a duration histogram (the OpenTelemetry spanmetrics connector's default bounds, in ms);
 * percentiles are interpolated inside a bucket, as Prometheus's {@code histogram_quantile} does.
 */
final class LatencyStats {

    static final double[] BOUNDS_MS = {2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000};

    long count;
    long errors;
    long sumMicros;
    final long[] buckets = new long[BOUNDS_MS.length + 1];

    void add(long durationMicros, boolean error) {
        count++;
        sumMicros += durationMicros;
        if (error) {
            errors++;
        }
        double ms = durationMicros / 1000.0;
        int i = 0;
        while (i < BOUNDS_MS.length && ms > BOUNDS_MS[i]) {
            i++;
        }
        buckets[i]++;
    }

    void addAll(LatencyStats other) {
        count += other.count;
        errors += other.errors;
        sumMicros += other.sumMicros;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += other.buckets[i];
        }
    }

    /**
     * The q-quantile in ms by Prometheus's {@code histogram_quantile} rules: the rank is q times the observations in
     * the buckets (the {@code +Inf} bucket's cumulative count), found in the first bucket whose cumulative count reaches
     * it and interpolated linearly inside it (from 0 in the first bucket); 0 when empty; in the {@code +Inf} bucket the
     * last finite bound.
     */
    double quantileMs(double q) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return 0;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (seen + buckets[i] >= rank && buckets[i] > 0) {
                if (i == BOUNDS_MS.length) {
                    return BOUNDS_MS[BOUNDS_MS.length - 1];
                }
                double lower = i == 0 ? 0 : BOUNDS_MS[i - 1];
                return lower + (BOUNDS_MS[i] - lower) * (rank - seen) / buckets[i];
            }
            seen += buckets[i];
        }
        return BOUNDS_MS[BOUNDS_MS.length - 1];
    }
}
