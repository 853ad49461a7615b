package io.shopwatch.alert.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An alert rule as written by users (API body, YAML file, rule pack), before validation.
 *
 * @param name alert name ({@code alertname} label); unique per organisation
 * @param type {@code scheduled} (SQL over OpenObserve at an interval), {@code realtime} (counts events on
 *     {@code shopwatch.stored}) or {@code promql} (a PromQL instant query through the Prometheus HTTP API; one
 *     instance per returned series, its labels the alert's)
 * @param query scheduled: the SQL, run over {@code [now - lookback, now)}; promql: the PromQL expression
 * @param interval scheduled: how often it runs (Prometheus duration, default 1m)
 * @param lookback scheduled: the window the query reads (default: the interval)
 * @param condition scheduled: how rows become values ({@code threshold}, {@code ratio}, {@code change},
 *     {@code absence})
 * @param realtime realtime: which events count, grouped how, over which window
 * @param severities thresholds, most severe first; the value is compared with them
 * @param forDuration how long the condition must hold before the alert fires ({@code for})
 * @param keepFiringFor how long the alert keeps firing after the condition stopped
 * @param labels labels added to every alert
 * @param annotations annotations; {@code {{ $value }}} and {{ $labels.name }} are filled in
 * @param enabled whether it is evaluated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSpec(
        String name,
        String type,
        String query,
        String interval,
        String lookback,
        Condition condition,
        Realtime realtime,
        List<Severity> severities,
        @JsonProperty("for") String forDuration,
        @JsonProperty("keep_firing_for") String keepFiringFor,
        Map<String, String> labels,
        Map<String, String> annotations,
        Boolean enabled) {

    /**
     * How query rows become values.
     *
     * @param kind {@code threshold}, {@code ratio}, {@code change} or {@code absence}
     * @param column threshold/change/absence: the value column (default {@code value})
     * @param numerator ratio: numerator column
     * @param denominator ratio: denominator column
     * @param minDenominator ratio: rows with a smaller denominator are ignored
     * @param offset change: how far back the earlier window lies (e.g. {@code 1d})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(
            String kind,
            String column,
            String numerator,
            String denominator,
            @JsonProperty("min_denominator") Double minDenominator,
            String offset) {}

    /**
     * Which events a real-time rule counts.
     *
     * @param stream only events of this stream (any when empty)
     * @param matchers Alertmanager matchers over the stored document's fields ({@code type="payment_failed"})
     * @param groupBy fields whose values make separate alert instances (and labels)
     * @param window the sliding window counted over
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Realtime(
            String stream,
            List<String> matchers,
            @JsonProperty("group_by") List<String> groupBy,
            String window) {}

    /**
     * One severity level.
     *
     * @param severity value of the {@code severity} label
     * @param op comparison of the value with the threshold: {@code > >= < <= == !=}
     * @param threshold the value at which the level is reached
     * @param recovery optional: while the level is active it stays active until the value passes this instead
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Severity(String severity, String op, Double threshold, Double recovery) {}

    /** This rule with another query. */
    public RuleSpec withQuery(String newQuery) {
        return new RuleSpec(
                name,
                type,
                newQuery,
                interval,
                lookback,
                condition,
                realtime,
                severities,
                forDuration,
                keepFiringFor,
                labels,
                annotations,
                enabled);
    }

    /** This rule switched on or off. */
    public RuleSpec withEnabled(boolean on) {
        return new RuleSpec(
                name,
                type,
                query,
                interval,
                lookback,
                condition,
                realtime,
                severities,
                forDuration,
                keepFiringFor,
                labels,
                annotations,
                on);
    }
}
