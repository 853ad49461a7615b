package io.shopwatch.alert.rule;

import io.shopwatch.alert.core.LabelSet;
import java.time.Instant;

/**
 * One alert instance of a rule: a rule with one set of group labels (a row of the query, a group of events).
 *
 * @param labels the group labels (without rule labels and severity)
 * @param state where it is in its life
 * @param severity the severity it is at (while pending or firing), or was at (when resolved)
 * @param value the last value evaluated
 * @param activeAt when the condition started to hold
 * @param firedAt when it started firing
 * @param lastActiveAt the last evaluation at which the condition held
 * @param resolvedAt when it stopped firing
 * @param sentAt when its alert was last handed to the Alertmanager
 * @param sentSeverity the severity of the alert last handed over (a change resolves the old one)
 */
public record RuleInstance(
        LabelSet labels,
        InstanceState state,
        String severity,
        double value,
        Instant activeAt,
        Instant firedAt,
        Instant lastActiveAt,
        Instant resolvedAt,
        Instant sentAt,
        String sentSeverity) {

    public static RuleInstance inactive(LabelSet labels) {
        return new RuleInstance(labels, InstanceState.INACTIVE, null, 0, null, null, null, null, null, null);
    }

    public RuleInstance sent(Instant at, String sev) {
        return new RuleInstance(labels, state, severity, value, activeAt, firedAt, lastActiveAt, resolvedAt, at, sev);
    }
}
