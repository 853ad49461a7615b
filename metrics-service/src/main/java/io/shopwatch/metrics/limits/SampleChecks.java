package io.shopwatch.metrics.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The checks of a single series and sample that need no state: metric and label names (Prometheus' rules, stored the
 * way OpenObserve stores them: lower case), label count and lengths, finite values, timestamps inside the window the
 * pipeline accepts. Each check answers {@code null} when the input passes, else the {@link Refusal.Rejection}.
 */
public final class SampleChecks {

    /**
     * Metric names: Prometheus' without the colon (recording-rule names), starting with a letter, at most 128
     * characters, because the name is also the OpenObserve stream.
     */
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,127}");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Labels Prometheus puts on every scraped series: allowed whatever a definition lists. */
    private static final java.util.Set<String> TARGET_LABELS = java.util.Set.of("job", "instance");

    /** Fields of the stored row that a label may not overwrite. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("value", "_timestamp");

    private final Duration allowedPast;
    private final Duration allowedFuture;
    private final Clock clock;

    public SampleChecks(Duration allowedPast, Duration allowedFuture, Clock clock) {
        this.allowedPast = allowedPast;
        this.allowedFuture = allowedFuture;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** The metric name as stored (lower case), after {@link #checkName}. */
    public static String storedName(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public Refusal.Rejection checkName(String name, MetricLimits limits) {
        if (name == null || name.isEmpty()) {
            return Refusal.MISSING_METRIC_NAME.because("the sample has no metric name");
        }
        if (name.length() > limits.maxLabelValueLength()) {
            return Refusal.LABEL_VALUE_TOO_LONG.because("metric name longer than " + limits.maxLabelValueLength());
        }
        if (!METRIC_NAME.matcher(name).matches()) {
            return Refusal.METRIC_NAME_INVALID.because("metric name '" + shorten(name)
                    + "' must be a letter followed by at most 127 letters, digits or '_'");
        }
        return null;
    }

    /**
     * Checks the labels and writes them, names in lower case, empty values dropped (Prometheus treats an empty value as
     * an absent label), into {@code into}.
     */
    public Refusal.Rejection checkLabels(
            Map<String, String> labels, MetricLimits limits, TreeMap<String, String> into) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String name = label.getKey();
            String value = label.getValue();
            if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                return Refusal.LABEL_NAME_INVALID.because("label name '" + shorten(String.valueOf(name))
                        + "' must match [a-zA-Z_][a-zA-Z0-9_]* and not start with '__'");
            }
            if (name.length() > limits.maxLabelNameLength()) {
                return Refusal.LABEL_NAME_TOO_LONG.because("label name '" + shorten(name) + "' longer than "
                        + limits.maxLabelNameLength() + " characters");
            }
            String stored = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(stored)) {
                return Refusal.LABEL_NAME_INVALID.because("label name '" + name + "' is a field of the stored row");
            }
            if (!limits.allowedLabels().isEmpty()
                    && !limits.allowedLabels().contains(stored)
                    && !TARGET_LABELS.contains(stored)) {
                return Refusal.LABEL_NOT_ALLOWED.because(
                        "label '" + stored + "' is not one of the metric definition's labels "
                                + new java.util.TreeSet<>(limits.allowedLabels()));
            }
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (value.length() > limits.maxLabelValueLength()) {
                return Refusal.LABEL_VALUE_TOO_LONG.because(
                        "value of label '" + stored + "' longer than " + limits.maxLabelValueLength() + " characters");
            }
            if (into.put(stored, value) != null) {
                return Refusal.DUPLICATE_LABEL_NAMES.because("label '" + stored + "' given twice");
            }
        }
        if (into.size() > limits.maxLabelNamesPerSeries()) {
            return Refusal.MAX_LABEL_NAMES_PER_SERIES.because(
                    "series has " + into.size() + " labels, more than the limit of " + limits.maxLabelNamesPerSeries());
        }
        return null;
    }

    public Refusal.Rejection checkValue(double value) {
        return Double.isFinite(value) ? null : Refusal.NON_FINITE_VALUE.because("value " + value + " is not finite");
    }

    public Refusal.Rejection checkTimestamp(long millis) {
        long now = clock.millis();
        if (millis < now - allowedPast.toMillis()) {
            return Refusal.TOO_FAR_IN_PAST.because("sample older than " + allowedPast);
        }
        if (millis > now + allowedFuture.toMillis()) {
            return Refusal.TOO_FAR_IN_FUTURE.because("sample more than " + allowedFuture + " in the future");
        }
        return null;
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
