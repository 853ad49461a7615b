package io.shopwatch.alert.escalation;

import io.shopwatch.alert.notify.Notification;
import java.time.Instant;

/**
 * An escalation in progress for one alert group and route receiver.
 *
 * @param org organisation
 * @param groupId the group's id
 * @param groupKey the group's key
 * @param receiver the route's receiver (whose notification started it)
 * @param policy the policy's name
 * @param roundStart when the current round started (steps' {@code after} count from it)
 * @param round the round, from 0
 * @param nextStep the step to run next, from 0
 * @param nextAt when it runs
 * @param snapshot the latest notification of the group to the route's receiver (the content of escalations)
 */
public record EscalationState(
        String org,
        String groupId,
        String groupKey,
        String receiver,
        String policy,
        Instant roundStart,
        int round,
        int nextStep,
        Instant nextAt,
        Notification snapshot) {

    public EscalationState next(Instant newRoundStart, int newRound, int step, Instant at) {
        return new EscalationState(
                org, groupId, groupKey, receiver, policy, newRoundStart, newRound, step, at, snapshot);
    }
}
