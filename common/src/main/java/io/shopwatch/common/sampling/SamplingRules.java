package io.shopwatch.common.sampling;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules every reader of the published sampling rates applies the same way: which records are errors (never
 * sampled), where a record falls in [0, 1) (a hash of its trace id or id, so that one trace is kept or dropped whole
 * and a record retried keeps its fate), and the field a kept record carries its rate in.
 */
public final class SamplingRules {

    /**
     * Field of a stored record kept by sampling at a rate below 1: the rate it was kept at. A count re-weighted as
     * {@code sum(1 / _sample_rate)} (a missing field counting 1) estimates what arrived.
     */
    public static final String SAMPLE_RATE_FIELD = "_sample_rate";

    /**
     * Fields of a span kept by tracing-service's tail sampler: the share of traces like it that were kept (1 for a
     * trace kept by a rule, such as an error) and the rule that kept it. A span carrying them was decided with its
     * whole trace.
     */
    public static final String TAIL_SAMPLING_RATE_FIELD = "sampling_rate";

    public static final String TAIL_SAMPLING_REASON_FIELD = "sampling_reason";

    /** Field whose value decides a record's fate when present: all records of a trace share it. */
    public static final String TRACE_ID_FIELD = "trace_id";

    private static final Set<String> ERROR_LEVELS =
            Set.of("error", "err", "fatal", "critical", "crit", "alert", "emerg");

    private SamplingRules() {}

    /**
     * Whether a record is an error, which sampling never drops: a {@code level}/{@code severity_text}/{@code severity}
     * of error, fatal or critical (any case), a span {@code status_code} of {@code ERROR}, or an HTTP status of
     * 500–599 (an integer in {@code status}, {@code http_status}, {@code http_status_code} or {@code status_code}).
     *
     * @param field a top-level field's value: a String, an integral Number, or anything else (ignored), null if absent
     */
    public static boolean isError(Function<String, Object> field) {
        for (String name : new String[] {"level", "severity_text", "severity"}) {
            if (field.apply(name) instanceof String level && ERROR_LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        if (field.apply("status_code") instanceof String spanStatus
                && (spanStatus.equalsIgnoreCase("error") || spanStatus.equalsIgnoreCase("STATUS_CODE_ERROR"))) {
            return true;
        }
        for (String name : new String[] {"status", "http_status", "http_status_code", "status_code"}) {
            Object status = field.apply(name);
            if (isIntegral(status)) {
                long value = ((Number) status).longValue();
                if (value >= 500 && value <= 599) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIntegral(Object value) {
        return value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger;
    }

    /**
     * Where a key falls in [0, 1): a 64-bit FNV-1a hash of its UTF-8 bytes, mixed (SplitMix64's finaliser) so that
     * similar keys spread evenly. The same key has the same position in every service and every run.
     */
    public static double position(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return (hash >>> 11) * 0x1.0p-53;
    }

    /**
     * Whether a record whose key is {@code key} is kept at {@code rate}. Nested: a key kept at a rate is kept at every
     * higher rate, so a trace kept in a stream at 0.1 is kept in a stream at 0.5 as well.
     */
    public static boolean keeps(String key, double rate) {
        return rate >= 1.0 || position(key) < rate;
    }
}
