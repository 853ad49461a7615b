package io.shopwatch.metrics.promql;

/**
 * Prometheus' float sums and means: Kahan-Neumaier compensated summation ({@code kahansum.Inc}), and the mean taken as
 * sum / count while the sum does not overflow, incrementally after (Prometheus' {@code avg} and {@code avg_over_time}).
 * Used one value at a time: {@link #add}, then {@link #sum} or {@link #mean}.
 */
final class FloatSums {

    private double sum;
    private double c;
    private double kahanSum;
    private double kahanC;
    private double mean;
    private double count;
    private boolean incrementalMean;

    void add(double v) {
        count++;
        double[] k = inc(v, kahanSum, kahanC);
        kahanSum = k[0];
        kahanC = k[1];
        if (count == 1) {
            sum = v;
            return;
        }
        if (!incrementalMean) {
            double[] next = inc(v, sum, c);
            if (!Double.isInfinite(next[0])) {
                sum = next[0];
                c = next[1];
                return;
            }
            incrementalMean = true;
            mean = sum / (count - 1);
            c /= count - 1;
        }
        double q = (count - 1) / count;
        double[] next = inc(v / count, q * mean, q * c);
        mean = next[0];
        c = next[1];
    }

    /** The compensated sum. */
    double sum() {
        return Double.isInfinite(kahanSum) ? kahanSum : kahanSum + kahanC;
    }

    double mean() {
        return incrementalMean ? mean + c : sum / count + c / count;
    }

    double count() {
        return count;
    }

    /** {@code kahansum.Inc}: the new sum and compensation. */
    static double[] inc(double inc, double sum, double c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            c = 0;
        } else if (Math.abs(sum) >= Math.abs(inc)) {
            c += (sum - t) + inc;
        } else {
            c += (inc - t) + sum;
        }
        return new double[] {t, c};
    }
}
