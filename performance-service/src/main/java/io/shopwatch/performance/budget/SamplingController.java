package io.shopwatch.performance.budget;

/**
 * One sampling rate's next value, Jaeger's adaptive-sampling rule: the rate moves by the ratio of the target throughput
 * to the observed (sampled) throughput, a decrease at once, an increase capped at {@code maxIncrease} (0.5: at most
 * +50 % per step) so that a rate recovers slowly and does not overshoot; within {@code tolerance} of the target the
 * rate is kept, so that noise does not make it swing. A stream that stored nothing has its rate raised by the cap.
 *
 * <pre>
 *   observed within target ± tolerance  → keep
 *   observed above target               → rate × target / observed            (immediate decrease)
 *   observed below target (or none)     → min(rate × target / observed, rate × (1 + maxIncrease))   (damped)
 *   always clamped to [minRate, 1]; no target (unlimited) → 1
 * </pre>
 *
 * <p>A pure function: the {@link BudgetController} keeps the rates and feeds it the observations of each interval.
 */
public final class SamplingController {

    private final double maxIncrease;
    private final double tolerance;
    private final double minRate;

    public SamplingController(double maxIncrease, double tolerance, double minRate) {
        if (maxIncrease <= 0 || tolerance < 0 || tolerance >= 1 || minRate <= 0 || minRate > 1) {
            throw new IllegalArgumentException("need maxIncrease > 0, 0 <= tolerance < 1, 0 < minRate <= 1");
        }
        this.maxIncrease = maxIncrease;
        this.tolerance = tolerance;
        this.minRate = minRate;
    }

    /**
     * @param rate the rate in force during the observed interval
     * @param observedPerSecond sampled (stored) records per second of the interval
     * @param targetPerSecond the budget's records per second; {@link Double#POSITIVE_INFINITY} when unlimited
     * @return the rate for the next interval
     */
    public double next(double rate, double observedPerSecond, double targetPerSecond) {
        if (Double.isInfinite(targetPerSecond)) {
            return 1.0;
        }
        if (targetPerSecond <= 0) {
            return minRate;
        }
        if (Math.abs(observedPerSecond - targetPerSecond) <= tolerance * targetPerSecond) {
            return clamp(rate);
        }
        double next;
        if (observedPerSecond <= 0) {
            next = rate * (1 + maxIncrease);
        } else {
            next = rate * targetPerSecond / observedPerSecond;
            if (next > rate) {
                next = Math.min(next, rate * (1 + maxIncrease));
            }
        }
        return clamp(next);
    }

    private double clamp(double rate) {
        return Math.max(minRate, Math.min(1.0, rate));
    }
}
