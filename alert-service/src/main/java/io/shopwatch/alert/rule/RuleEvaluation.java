package io.shopwatch.alert.rule;

import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.core.LabelSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One evaluation of a rule's instances: samples in, next states, the alerts to hand to the Alertmanager and the
 * transitions for the history out. Alerts are (re)sent on a change and otherwise every {@link #RESEND_DELAY}.
 */
public final class RuleEvaluation {

    /** How often an unchanged firing or resolved alert is handed over again (Prometheus' resend delay). */
    public static final Duration RESEND_DELAY = Duration.ofMinutes(1);

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*\\$(value|labels\\.([a-zA-Z0-9_]+))\\s*}}");

    /** A change of state, for the rule's history. */
    public record Transition(LabelSet labels, InstanceState from, InstanceState to, String severity, double value) {}

    /**
     * The outcome.
     *
     * @param instances the instances to keep (inactive ones are dropped)
     * @param alerts the alerts to post
     * @param transitions the changes of state
     */
    public record Result(
            Map<LabelSet, RuleInstance> instances, List<AlertIngestion.Posted> alerts, List<Transition> transitions) {}

    private RuleEvaluation() {}

    /**
     * @param samples the values of this evaluation; instances without a sample are evaluated as "condition does not
     *     hold"
     * @param partial true when the samples cover only some instances (real-time, one event): instances without a
     *     sample are left as they are
     */
    public static Result evaluate(
            AlertRule rule, List<Sample> samples, Map<LabelSet, RuleInstance> current, Instant now, boolean partial) {
        Map<LabelSet, RuleInstance> next = new LinkedHashMap<>();
        List<AlertIngestion.Posted> alerts = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        Map<LabelSet, Double> values = new HashMap<>();
        for (Sample s : samples) {
            values.put(s.labels(), s.value());
        }
        Map<LabelSet, RuleInstance> all = new LinkedHashMap<>(current);
        for (Sample s : samples) {
            all.putIfAbsent(s.labels(), RuleInstance.inactive(s.labels()));
        }
        for (Map.Entry<LabelSet, RuleInstance> e : all.entrySet()) {
            RuleInstance before = e.getValue();
            Double value = values.get(e.getKey());
            if (value == null && partial) {
                next.put(e.getKey(), before);
                continue;
            }
            boolean active = before.state() == InstanceState.PENDING || before.state() == InstanceState.FIRING;
            String severity = value == null
                    ? null
                    : SeverityLevel.evaluate(rule.severities(), value, active ? before.severity() : null);
            RuleInstance after = InstanceStateMachine.next(
                    before,
                    severity,
                    value == null ? before.value() : value,
                    now,
                    rule.forDuration(),
                    rule.keepFiringFor());
            if (after.state() != before.state()) {
                transitions.add(
                        new Transition(e.getKey(), before.state(), after.state(), after.severity(), after.value()));
            }
            after = emit(rule, before, after, now, alerts);
            if (after.state() != InstanceState.INACTIVE) {
                next.put(e.getKey(), after);
            }
        }
        return new Result(next, alerts, transitions);
    }

    private static RuleInstance emit(
            AlertRule rule, RuleInstance before, RuleInstance after, Instant now, List<AlertIngestion.Posted> out) {
        boolean changed = after.state() != before.state()
                || (after.state() == InstanceState.FIRING && !after.severity().equals(after.sentSeverity()));
        boolean due =
                after.sentAt() == null || !after.sentAt().plus(RESEND_DELAY).isAfter(now);
        if (after.state() == InstanceState.FIRING) {
            if (after.sentSeverity() != null && !after.sentSeverity().equals(after.severity())) {
                out.add(alert(rule, after, after.sentSeverity(), after.firedAt(), now));
            }
            if (changed || due) {
                out.add(alert(rule, after, after.severity(), after.firedAt(), now.plus(rule.validity())));
                return after.sent(now, after.severity());
            }
        } else if (after.state() == InstanceState.RESOLVED && (changed || due) && after.sentSeverity() != null) {
            out.add(alert(rule, after, after.sentSeverity(), after.firedAt(), after.resolvedAt()));
            return after.sent(now, after.sentSeverity());
        }
        return after;
    }

    static AlertIngestion.Posted alert(AlertRule rule, RuleInstance i, String severity, Instant start, Instant end) {
        Map<String, String> labels = new LinkedHashMap<>(i.labels().asMap());
        labels.putAll(rule.labels());
        labels.put("alertname", rule.name());
        labels.put("severity", severity);
        labels.put("shopwatch_rule_type", rule.type().name().toLowerCase(Locale.ROOT));
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.annotations().forEach((k, v) -> annotations.put(k, fill(v, i)));
        annotations.putIfAbsent("value", format(i.value()));
        return new AlertIngestion.Posted(labels, annotations, start, end, "shopwatch://rules/" + rule.id());
    }

    static String fill(String template, RuleInstance i) {
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement =
                    m.group(2) == null ? format(i.value()) : i.labels().get(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
