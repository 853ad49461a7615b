package io.shopwatch.alert.rule;

import java.time.Duration;
import java.time.Instant;

/**
 * The life of an alert instance, one evaluation at a time:
 *
 * <pre>
 * INACTIVE --holds--> PENDING --holds for `for`--> FIRING --stops (after keep_firing_for)--> RESOLVED
 *    ^                  |  (for = 0: straight to FIRING)   |                                   |
 *    +----stops---------+                                  +<----------holds again (new alert)--+
 * RESOLVED --retention passed--> INACTIVE (forgotten)
 * </pre>
 */
public final class InstanceStateMachine {

    /** How long a resolved instance is kept and its resolution re-sent (Prometheus keeps 15 minutes). */
    public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

    private InstanceStateMachine() {}

    /**
     * The next state of an instance.
     *
     * @param current the instance now
     * @param severity the severity its condition reaches at this evaluation, null when the condition does not hold
     * @param value the value evaluated
     * @param now the evaluation time
     * @param forDuration the rule's {@code for}
     * @param keepFiringFor the rule's {@code keep_firing_for}
     */
    public static RuleInstance next(
            RuleInstance current,
            String severity,
            double value,
            Instant now,
            Duration forDuration,
            Duration keepFiringFor) {
        boolean holds = severity != null;
        RuleInstance c = current;
        return switch (c.state()) {
            case INACTIVE, RESOLVED -> {
                if (holds) {
                    yield start(c, severity, value, now, forDuration);
                }
                if (c.state() == InstanceState.RESOLVED
                        && Duration.between(c.resolvedAt(), now).compareTo(RESOLVED_RETENTION) < 0) {
                    yield with(
                            c,
                            InstanceState.RESOLVED,
                            c.severity(),
                            value,
                            c.activeAt(),
                            c.firedAt(),
                            c.lastActiveAt(),
                            c.resolvedAt());
                }
                yield with(c, InstanceState.INACTIVE, null, value, null, null, null, null);
            }
            case PENDING -> {
                if (!holds) {
                    yield with(c, InstanceState.INACTIVE, null, value, null, null, null, null);
                }
                if (Duration.between(c.activeAt(), now).compareTo(forDuration) >= 0) {
                    yield with(c, InstanceState.FIRING, severity, value, c.activeAt(), now, now, null);
                }
                yield with(c, InstanceState.PENDING, severity, value, c.activeAt(), null, now, null);
            }
            case FIRING -> {
                if (holds) {
                    yield with(c, InstanceState.FIRING, severity, value, c.activeAt(), c.firedAt(), now, null);
                }
                if (!keepFiringFor.isZero()
                        && c.lastActiveAt() != null
                        && Duration.between(c.lastActiveAt(), now).compareTo(keepFiringFor) < 0) {
                    yield with(
                            c,
                            InstanceState.FIRING,
                            c.severity(),
                            value,
                            c.activeAt(),
                            c.firedAt(),
                            c.lastActiveAt(),
                            null);
                }
                yield with(
                        c,
                        InstanceState.RESOLVED,
                        c.severity(),
                        value,
                        c.activeAt(),
                        c.firedAt(),
                        c.lastActiveAt(),
                        now);
            }
        };
    }

    private static RuleInstance start(
            RuleInstance c, String severity, double value, Instant now, Duration forDuration) {
        if (forDuration.isZero()) {
            return with(c, InstanceState.FIRING, severity, value, now, now, now, null);
        }
        return with(c, InstanceState.PENDING, severity, value, now, null, now, null);
    }

    private static RuleInstance with(
            RuleInstance c,
            InstanceState state,
            String severity,
            double value,
            Instant activeAt,
            Instant firedAt,
            Instant lastActiveAt,
            Instant resolvedAt) {
        return new RuleInstance(
                c.labels(),
                state,
                severity,
                value,
                activeAt,
                firedAt,
                lastActiveAt,
                resolvedAt,
                c.sentAt(),
                c.sentSeverity());
    }
}
