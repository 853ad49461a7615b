package io.shopwatch.metrics.sample;

import java.util.Map;

/**
 * How values JSON cannot carry are stored: NaN, {@code +Inf}, {@code -Inf} and Prometheus' staleness marker (the NaN
 * of bit pattern {@code 0x7ff0000000000002}). JSON has no such numbers, and OpenObserve's {@code ingest/metrics/_json}
 * needs a numeric {@code value}, so such a sample is stored with {@code value} 0 and the reserved field
 * {@value #FIELD} naming the value ({@code NaN}, {@code +Inf}, {@code -Inf}, {@code stale}). No label can take that
 * name (label names may not start with {@code __}); the readers of the store turn the field back into the value and
 * leave it out of the series' labels.
 */
public final class SpecialValues {

    /** The reserved field of a stored row whose value is not a finite number. */
    public static final String FIELD = "__shopwatch_value__";

    /** Prometheus' {@code value.StaleNaN}. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    /** The staleness marker as a double. */
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    private static final Map<String, Double> BY_NAME = Map.of(
            "NaN", Double.NaN,
            "+Inf", Double.POSITIVE_INFINITY,
            "-Inf", Double.NEGATIVE_INFINITY,
            "stale", STALE_NAN);

    private SpecialValues() {}

    /** True for the staleness marker (and no other NaN). */
    public static boolean isStale(double value) {
        return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
    }

    /** The field's text for a value that is not finite; null for a finite value. */
    public static String encode(double value) {
        if (Double.isFinite(value)) {
            return null;
        }
        if (isStale(value)) {
            return "stale";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "+Inf" : "-Inf";
    }

    /**
     * The value of a stored row: {@code stored} unless the row's {@value #FIELD} names another; an unknown name is
     * read as NaN.
     */
    public static double decode(String field, double stored) {
        if (field == null) {
            return stored;
        }
        return BY_NAME.getOrDefault(field, Double.NaN);
    }
}
