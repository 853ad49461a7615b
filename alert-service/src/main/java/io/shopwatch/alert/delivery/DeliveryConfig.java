package io.shopwatch.alert.delivery;

import io.shopwatch.alert.escalation.EscalationPolicy;
import io.shopwatch.alert.escalation.OnCallSchedule;
import io.shopwatch.alert.notify.IntegrationConfig;
import java.util.List;
import java.util.Map;

/**
 * The part of an organisation's Alertmanager configuration that delivery reads after the pipeline has decided: the
 * receivers, the fallback receiver of failed deliveries, the escalation policies and the on-call schedules.
 *
 * @param receivers integrations by receiver name
 * @param fallbackReceiver the receiver told about failed deliveries ({@code fallback_receiver}), or null
 * @param escalationPolicies escalation policies by name
 * @param schedules on-call schedules by name
 */
public record DeliveryConfig(
        Map<String, List<IntegrationConfig>> receivers,
        String fallbackReceiver,
        Map<String, EscalationPolicy> escalationPolicies,
        Map<String, OnCallSchedule> schedules) {

    public DeliveryConfig {
        receivers = Map.copyOf(receivers);
        escalationPolicies = Map.copyOf(escalationPolicies);
        schedules = Map.copyOf(schedules);
    }
}
