package io.shopwatch.alert.rule;

import io.shopwatch.alert.core.Durations;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.matcher.MatcherParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validated alert rule of an organisation.
 *
 * @param id identifier
 * @param org organisation
 * @param spec what the user wrote
 * @param type scheduled or real-time
 * @param interval how often it is evaluated (real-time: how often resolutions are checked)
 * @param lookback scheduled: the window the query reads
 * @param condition scheduled: how rows become values
 * @param offset change: how far back the earlier window lies
 * @param matchers real-time: which events count
 * @param groupBy real-time: fields that split events into instances
 * @param window real-time: the sliding window
 * @param severities thresholds, most severe first
 * @param forDuration {@code for}
 * @param keepFiringFor {@code keep_firing_for}
 */
public record AlertRule(
        String id,
        String org,
        RuleSpec spec,
        Type type,
        Duration interval,
        Duration lookback,
        ConditionKind condition,
        Duration offset,
        List<Matcher> matchers,
        List<String> groupBy,
        Duration window,
        List<SeverityLevel> severities,
        Duration forDuration,
        Duration keepFiringFor) {

    /** Rule types. */
    public enum Type {
        SCHEDULED,
        REALTIME,
        /** A PromQL instant query through the Prometheus HTTP API (metrics-service) at the interval. */
        PROMQL
    }

    /** How a scheduled rule's rows become values. */
    public enum ConditionKind {
        THRESHOLD,
        RATIO,
        CHANGE,
        ABSENCE
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_:.-]{0,127}");

    public String name() {
        return spec.name();
    }

    public boolean enabled() {
        return spec.enabled() == null || spec.enabled();
    }

    public Map<String, String> labels() {
        return spec.labels() == null ? Map.of() : spec.labels();
    }

    public Map<String, String> annotations() {
        return spec.annotations() == null ? Map.of() : spec.annotations();
    }

    /**
     * Real-time: the group an event counts in, or null when this rule does not count it (another stream, or a matcher
     * that does not accept the event's fields). The group's labels are the event's values of the {@code group_by}
     * fields that it has.
     *
     * @param stream the stream the event was stored in
     * @param fields the event's top-level fields as text
     */
    /** Whether a real-time rule reads records of this stream (any stream when its spec names none). */
    public boolean readsStream(String stream) {
        if (type != Type.REALTIME) {
            return false;
        }
        String wanted = spec.realtime().stream();
        return wanted == null || wanted.isBlank() || wanted.equals(stream);
    }

    public LabelSet realtimeGroup(String stream, Map<String, String> fields) {
        if (type != Type.REALTIME) {
            return null;
        }
        RuleSpec.Realtime r = spec.realtime();
        if (r.stream() != null && !r.stream().isBlank() && !r.stream().equals(stream)) {
            return null;
        }
        for (Matcher m : matchers) {
            String v = fields.get(m.name());
            if (!m.matches(v == null ? "" : v)) {
                return null;
            }
        }
        Map<String, String> group = new HashMap<>();
        for (String field : groupBy) {
            String v = fields.get(field);
            if (v != null && !v.isEmpty()) {
                group.put(field, v);
            }
        }
        return LabelSet.of(group);
    }

    /** How long a firing alert stays valid without being re-sent: four evaluations, at least four minutes. */
    public Duration validity() {
        Duration i = interval.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : interval;
        return i.multipliedBy(4);
    }

    /** The interval of a scheduled or PromQL rule that names none, unless the service is configured otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** Whether this rule follows the service's default interval (a scheduled or PromQL rule that names none). */
    public boolean usesDefaultInterval() {
        return type != Type.REALTIME
                && (spec.interval() == null || spec.interval().isBlank());
    }

    /**
     * Validates a specification; a scheduled or PromQL rule without an interval gets {@link #DEFAULT_INTERVAL}.
     *
     * @throws IllegalArgumentException with every problem found
     */
    public static AlertRule compile(String id, String org, RuleSpec spec) {
        return compile(id, org, spec, DEFAULT_INTERVAL);
    }

    /**
     * Validates a specification.
     *
     * @param defaultInterval the interval of a scheduled or PromQL rule that names none (and its lookback when it
     *     names none either); real-time rules check their windows every second unless they name an interval
     * @throws IllegalArgumentException with every problem found
     */
    public static AlertRule compile(String id, String org, RuleSpec spec, Duration defaultInterval) {
        List<String> problems = new ArrayList<>();
        if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
            problems.add("name must be 1-128 characters: letters, digits, '_', ':', '.', '-'");
        }
        String typeText = spec.type() == null ? "scheduled" : spec.type().toLowerCase(Locale.ROOT);
        Type type;
        switch (typeText) {
            case "scheduled" -> type = Type.SCHEDULED;
            case "realtime", "real-time", "real_time" -> type = Type.REALTIME;
            case "promql" -> type = Type.PROMQL;
            default -> {
                problems.add("type must be scheduled, realtime or promql");
                type = Type.SCHEDULED;
            }
        }
        Duration interval = duration(
                spec.interval(),
                type == Type.REALTIME ? "1s" : Durations.format(defaultInterval),
                "interval",
                problems);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("interval must be at least 1s");
        }
        Duration lookback = duration(spec.lookback(), Durations.format(interval), "lookback", problems);
        Duration forDuration = duration(spec.forDuration(), "0s", "for", problems);
        Duration keepFiringFor = duration(spec.keepFiringFor(), "0s", "keep_firing_for", problems);
        ConditionKind condition = ConditionKind.THRESHOLD;
        Duration offset = Duration.ZERO;
        List<Matcher> matchers = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        Duration window = Duration.ofMinutes(1);
        if (type == Type.PROMQL) {
            if (spec.query() == null || spec.query().isBlank()) {
                problems.add("a promql rule needs a query");
            }
            if (spec.condition() != null
                    && spec.condition().kind() != null
                    && !spec.condition().kind().equalsIgnoreCase("threshold")) {
                problems.add("a promql rule compares each series' value with the severities (condition threshold);"
                        + " write ratios and changes in PromQL");
            }
            if (spec.realtime() != null) {
                problems.add("a promql rule has no realtime section");
            }
        } else if (type == Type.SCHEDULED) {
            if (spec.query() == null || spec.query().isBlank()) {
                problems.add("a scheduled rule needs a query");
            } else if (!spec.query().strip().toLowerCase(Locale.ROOT).startsWith("select")
                    && !spec.query().strip().toLowerCase(Locale.ROOT).startsWith("with")) {
                problems.add("the query must be a SELECT");
            }
            RuleSpec.Condition c = spec.condition();
            String kind = c == null || c.kind() == null ? "threshold" : c.kind().toLowerCase(Locale.ROOT);
            switch (kind) {
                case "threshold" -> condition = ConditionKind.THRESHOLD;
                case "ratio" -> {
                    condition = ConditionKind.RATIO;
                    if (c.numerator() == null || c.denominator() == null) {
                        problems.add("a ratio condition needs numerator and denominator columns");
                    }
                }
                case "change" -> {
                    condition = ConditionKind.CHANGE;
                    offset = duration(c.offset(), "1d", "condition.offset", problems);
                }
                case "absence" -> condition = ConditionKind.ABSENCE;
                default -> problems.add("condition.kind must be threshold, ratio, change or absence");
            }
        } else {
            RuleSpec.Realtime r = spec.realtime();
            if (r == null || r.matchers() == null || r.matchers().isEmpty()) {
                problems.add("a realtime rule needs realtime.matchers");
            } else {
                for (String m : r.matchers()) {
                    try {
                        matchers.addAll(MatcherParser.parse(m));
                    } catch (IllegalArgumentException e) {
                        problems.add("realtime.matchers: " + e.getMessage());
                    }
                }
            }
            if (r != null && r.groupBy() != null) {
                groupBy.addAll(r.groupBy());
            }
            window = duration(r == null ? null : r.window(), "1m", "realtime.window", problems);
        }
        List<SeverityLevel> levels = new ArrayList<>();
        List<RuleSpec.Severity> severities = spec.severities();
        if (severities == null || severities.isEmpty()) {
            if (type == Type.SCHEDULED && condition == ConditionKind.ABSENCE) {
                levels.add(new SeverityLevel("critical", Comparison.LT, 1, null));
            } else {
                problems.add("severities must list at least one threshold");
            }
        } else {
            for (RuleSpec.Severity s : severities) {
                try {
                    if (s.severity() == null || s.severity().isBlank() || s.threshold() == null) {
                        throw new IllegalArgumentException("every severity needs a name and a threshold");
                    }
                    levels.add(new SeverityLevel(
                            s.severity(), Comparison.of(s.op() == null ? ">" : s.op()), s.threshold(), s.recovery()));
                } catch (IllegalArgumentException e) {
                    problems.add("severities: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new AlertRule(
                id,
                org,
                spec,
                type,
                interval,
                lookback,
                condition,
                offset,
                matchers,
                groupBy,
                window,
                levels,
                forDuration,
                keepFiringFor);
    }

    private static Duration duration(String text, String fallback, String field, List<String> problems) {
        try {
            return Durations.parse(text == null || text.isBlank() ? fallback : text);
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage());
            return Durations.parse(fallback);
        }
    }
}
