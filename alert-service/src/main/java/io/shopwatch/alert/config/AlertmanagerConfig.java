package io.shopwatch.alert.config;

import io.shopwatch.alert.core.AlertDefaults;
import io.shopwatch.alert.delivery.DeliveryConfig;
import io.shopwatch.alert.escalation.EscalationPolicy;
import io.shopwatch.alert.escalation.OnCallSchedule;
import io.shopwatch.alert.inhibit.InhibitRule;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.route.Route;
import io.shopwatch.alert.timeinterval.TimeInterval;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated Alertmanager configuration.
 *
 * @param resolveTimeout {@code global.resolve_timeout}: the end given to alerts that come without one
 * @param route the routing tree
 * @param receivers receiver name → integrations
 * @param inhibitRules inhibition rules
 * @param timeIntervals named time intervals (from {@code time_intervals} and {@code mute_time_intervals})
 * @param source the text it was parsed from
 * @param warnings things accepted but not acted on (e.g. integrations no notifier delivers yet)
 * @param escalationPolicies ShopWatch's {@code escalation_policies}, by name
 * @param schedules ShopWatch's {@code oncall_schedules}, by name
 * @param fallbackReceiver ShopWatch's {@code fallback_receiver}: told when a notification fails for good; or null
 */
public record AlertmanagerConfig(
        Duration resolveTimeout,
        Route route,
        Map<String, List<IntegrationConfig>> receivers,
        List<InhibitRule> inhibitRules,
        Map<String, List<TimeInterval>> timeIntervals,
        String source,
        List<String> warnings,
        Map<String, EscalationPolicy> escalationPolicies,
        Map<String, OnCallSchedule> schedules,
        String fallbackReceiver) {

    public static final Duration DEFAULT_RESOLVE_TIMEOUT = AlertDefaults.ALERTMANAGER.resolveTimeout();

    /** The configuration of an organisation that has none: one receiver without integrations, grouped by alertname. */
    public static final String DEFAULT_YAML = """
            # The configuration of an organisation that has not stored its own: alerts are kept, grouped and
            # shown by the API, but no receiver is configured to deliver them.
            route:
              receiver: default
              group_by: [alertname]
            receivers:
              - name: default
            """;

    public AlertmanagerConfig {
        receivers = Map.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
        timeIntervals = Map.copyOf(timeIntervals);
        warnings = List.copyOf(warnings);
        escalationPolicies = Map.copyOf(escalationPolicies);
        schedules = Map.copyOf(schedules);
    }

    /** What delivery reads of this configuration. */
    public DeliveryConfig delivery() {
        return new DeliveryConfig(receivers, fallbackReceiver, escalationPolicies, schedules);
    }

    /** Receivers and their integrations by name and index only: the source text holds channel secrets. */
    @Override
    public String toString() {
        return "AlertmanagerConfig[receivers=" + receivers + ", inhibitRules=" + inhibitRules.size()
                + ", timeIntervals=" + timeIntervals.keySet() + ", warnings=" + warnings.size() + "]";
    }
}
