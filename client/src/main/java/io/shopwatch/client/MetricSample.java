package io.shopwatch.client;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One sample in ShopWatch's metrics JSON ({@code POST /api/v1/metrics}): a counter or gauge value, or a histogram's
 * cumulative bucket counts with its sum and count, under a metric name and labels, at a time.
 *
 * <p>Counters are cumulative (the total since the process started, as Prometheus counts); ShopWatch computes rates.
 * Histogram {@code counts[i]} is the number of observations {@code <= bounds[i]}, cumulative; {@code +Inf} is
 * {@code count} and need not be given. Immutable.
 */
public final class MetricSample {

    /** The metric kinds ShopWatch ingests. */
    public enum Type {
        COUNTER,
        GAUGE,
        HISTOGRAM;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String name;
    private final Type type;
    private final Map<String, String> labels;
    private final double value;
    private final double[] bounds;
    private final long[] counts;
    private final double sum;
    private final long count;
    private final Instant timestamp;
    private final String unit;
    private final String help;

    private MetricSample(
            String name,
            Type type,
            Map<String, String> labels,
            double value,
            double[] bounds,
            long[] counts,
            double sum,
            long count,
            Instant timestamp,
            String unit,
            String help) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.labels =
                labels == null || labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        this.value = value;
        this.bounds = bounds;
        this.counts = counts;
        this.sum = sum;
        this.count = count;
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.unit = unit;
        this.help = help;
    }

    /** A counter's cumulative total. */
    public static MetricSample counter(String name, Map<String, String> labels, double total, Instant at) {
        return new MetricSample(name, Type.COUNTER, labels, total, null, null, 0, 0, at, null, null);
    }

    /** A gauge's current value. */
    public static MetricSample gauge(String name, Map<String, String> labels, double value, Instant at) {
        return new MetricSample(name, Type.GAUGE, labels, value, null, null, 0, 0, at, null, null);
    }

    /**
     * A histogram: {@code cumulativeCounts[i]} observations were {@code <= bounds[i]} (bounds ascending, finite);
     * {@code count} observations in all, adding up to {@code sum}.
     */
    public static MetricSample histogram(
            String name,
            Map<String, String> labels,
            double[] bounds,
            long[] cumulativeCounts,
            double sum,
            long count,
            Instant at) {
        if (bounds.length != cumulativeCounts.length) {
            throw new IllegalArgumentException("one count per bound");
        }
        return new MetricSample(
                name, Type.HISTOGRAM, labels, 0, bounds.clone(), cumulativeCounts.clone(), sum, count, at, null, null);
    }

    /** The same sample with a unit and help text (sent as {@code unit}, {@code help}); either may be null. */
    public MetricSample describedAs(String unit, String help) {
        return new MetricSample(name, type, labels, value, bounds, counts, sum, count, timestamp, unit, help);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The counter or gauge value; 0 for a histogram. */
    public double value() {
        return value;
    }

    /** A histogram's finite upper bounds, ascending; empty otherwise. */
    public double[] bounds() {
        return bounds == null ? new double[0] : bounds.clone();
    }

    /** A histogram's cumulative count per bound; empty otherwise. */
    public long[] cumulativeCounts() {
        return counts == null ? new long[0] : counts.clone();
    }

    public double sum() {
        return sum;
    }

    public long count() {
        return count;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String unit() {
        return unit;
    }

    public String help() {
        return help;
    }

    @Override
    public String toString() {
        return "MetricSample[" + type.wire() + " " + name + labels
                + (type == Type.HISTOGRAM
                        ? " bounds=" + Arrays.toString(bounds) + " counts=" + Arrays.toString(counts) + " sum=" + sum
                                + " count=" + count
                        : " value=" + value)
                + " at " + timestamp + "]";
    }
}
