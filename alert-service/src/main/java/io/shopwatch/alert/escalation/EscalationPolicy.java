package io.shopwatch.alert.escalation;

import java.time.Duration;
import java.util.List;

/**
 * Who is told, and when, while an alert group fires and nobody acknowledged it ({@code escalation_policies} in the
 * configuration, attached to routes by {@code escalation_policy}).
 *
 * @param name the policy's name
 * @param steps the steps, in order; each one's {@code after} counts from the group's first notification
 * @param repeat how many more times the steps run after the last one (0: once)
 * @param repeatAfter the pause between the last step and the next round
 */
public record EscalationPolicy(String name, List<Step> steps, int repeat, Duration repeatAfter) {

    public EscalationPolicy {
        steps = List.copyOf(steps);
    }

    /**
     * One step: notify a receiver, or the person on call in a schedule (through the schedule's receiver).
     *
     * @param after how long after the group's first notification (of the round) the step runs
     * @param receiver the receiver told, or null
     * @param schedule the on-call schedule whose current person is told, or null
     */
    public record Step(Duration after, String receiver, String schedule) {}

    /** The last step's delay: how long a round lasts. */
    public Duration roundLength() {
        return steps.isEmpty() ? Duration.ZERO : steps.get(steps.size() - 1).after();
    }
}
