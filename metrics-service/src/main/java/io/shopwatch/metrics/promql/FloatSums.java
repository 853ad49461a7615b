package io.shopwatch.metrics.promql;

/**
 * Prometheus' float sums and means: Kahan-Neumaier compensated summation ({@code kahansum.Inc}), and the mean taken as
 * sum / count while the sum does not overflow, incrementally after (Prometheus' {@code avg} and {@code avg_over_time}).
 * Used one value at a time: {@link #add}, then {@link #sum} or {@link #mean}.
 */
final class FloatSums {

    /** The plain compensated sum ({@code sum}, {@code sum_over_time}). */
    private double kahanSum;

    private double kahanC;

    /** The mean's sum (or, once incremental, the mean) and its compensation. */
    private double sum;

    private double c;
    private double count;
    private boolean incrementalMean;

    void add(double v) {
        count++;
        double t = kahanSum + v;
        kahanC = compensation(v, kahanSum, t, kahanC);
        kahanSum = t;
        if (count == 1) {
            sum = v;
            return;
        }
        if (!incrementalMean) {
            double next = sum + v;
            if (!Double.isInfinite(next)) {
                c = compensation(v, sum, next, c);
                sum = next;
                return;
            }
            // the sum would overflow: the mean from here on is computed incrementally
            incrementalMean = true;
            sum = sum / (count - 1);
            c /= count - 1;
        }
        double q = (count - 1) / count;
        double inc = v / count;
        double mean = q * sum;
        double next = mean + inc;
        c = compensation(inc, mean, next, q * c);
        sum = next;
    }

    /** The compensated sum. */
    double sum() {
        return Double.isInfinite(kahanSum) ? kahanSum : kahanSum + kahanC;
    }

    double mean() {
        return incrementalMean ? sum + c : sum / count + c / count;
    }

    double count() {
        return count;
    }

    /** {@code kahansum.Inc}'s new compensation after {@code sum + inc = t}. */
    private static double compensation(double inc, double sum, double t, double c) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - t) + inc);
        }
        return c + ((inc - t) + sum);
    }
}
