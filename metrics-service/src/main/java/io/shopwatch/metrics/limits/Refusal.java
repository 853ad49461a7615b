package io.shopwatch.metrics.limits;

/**
 * Why a sample is not stored. Each refusal has a stable reason (the {@code reason} tag of
 * {@code shopwatch_discarded_samples_total} and the {@code reason} of a per-sample answer) and a stable error id
 * (documented in docs/metrics.md, like Mimir's {@code err-mimir-*} runbook ids), plus the setting that changes the
 * limit where there is one.
 */
public enum Refusal {
    MALFORMED("malformed", null),
    MISSING_METRIC_NAME("missing_metric_name", null),
    METRIC_NAME_INVALID("metric_name_invalid", null),
    INVALID_TYPE("invalid_type", null),
    LABEL_NAME_INVALID("label_name_invalid", null),
    /** A label the metric's definition does not list. */
    LABEL_NOT_ALLOWED("label_not_allowed", null),
    DUPLICATE_LABEL_NAMES("duplicate_label_names", null),
    LABEL_NAME_TOO_LONG("label_name_too_long", "METRICS_MAX_LABEL_NAME_LENGTH"),
    LABEL_VALUE_TOO_LONG("label_value_too_long", "METRICS_MAX_LABEL_VALUE_LENGTH"),
    MAX_LABEL_NAMES_PER_SERIES("max_label_names_per_series", "METRICS_MAX_LABEL_NAMES_PER_SERIES"),
    NON_FINITE_VALUE("non_finite_value", null),
    INVALID_HISTOGRAM("invalid_histogram", null),
    NATIVE_HISTOGRAM("native_histogram", null),
    /** An OTLP histogram or summary of delta temporality: its buckets cannot be stored as cumulative series. */
    DELTA_TEMPORALITY("delta_temporality", null),
    /** An OTLP data point flagged "no recorded value": not stored; not an error. */
    STALE_MARKER("stale_marker", null),
    TOO_FAR_IN_PAST("too_far_in_past", "METRICS_ALLOWED_PAST"),
    TOO_FAR_IN_FUTURE("too_far_in_future", "METRICS_ALLOWED_FUTURE"),
    MAX_SERIES_PER_METRIC("max_series_per_metric", "METRICS_MAX_SERIES_PER_METRIC"),
    MAX_SERIES_PER_ORG("max_series_per_org", "METRICS_MAX_SERIES_PER_ORG"),
    MAX_SERIES_TOTAL("max_series_total", "METRICS_MAX_TRACKED_SERIES"),
    /** A new value of a label that already has its definition's {@code max_label_values} distinct values. */
    MAX_LABEL_VALUES_PER_LABEL("max_label_values_per_label", "max_label_values in the metric's definition"),
    /** More samples per second for an org than its ingestion rate: the whole request is refused with 429. */
    RATE_LIMITED("rate_limited", "METRICS_MAX_SAMPLES_PER_SECOND");

    private final String reason;
    private final String setting;

    Refusal(String reason, String setting) {
        this.reason = reason;
        this.setting = setting;
    }

    /** The stable reason code, snake case. */
    public String reason() {
        return reason;
    }

    /** The stable error id, {@code err-shopwatch-<reason with dashes>}. */
    public String errorId() {
        return "err-shopwatch-" + reason.replace('_', '-');
    }

    /** The environment variable of the limit, or {@code null} when the refusal is not about a limit. */
    public String setting() {
        return setting;
    }

    /** A refusal of one sample with what is wrong; the message names the error id and the setting to change. */
    public Rejection because(String detail) {
        StringBuilder message =
                new StringBuilder(detail).append(" (").append(errorId()).append(')');
        if (setting != null) {
            message.append(". To adjust the limit, set ").append(setting);
        }
        return new Rejection(this, message.toString());
    }

    /** One refused sample: the reason and a message a person can act on. */
    public record Rejection(Refusal refusal, String message) {}
}
