package io.shopwatch.alert.delivery;

import io.shopwatch.alert.core.Alert;
import java.util.List;
import java.util.Optional;

/**
 * The groups of one organisation as escalation sees them: the Alertmanager implements it, so that escalation (below
 * it) reads live groups without depending on the Alertmanager.
 */
public interface OrgGroups {

    /** The configuration delivery reads. */
    DeliveryConfig deliveryConfig();

    /** The alerts of the aggregation group with that key, if the group exists. */
    Optional<List<Alert>> groupAlerts(String groupKey);

    /** Whether this replica dispatches (a missing group means "resolved" only there). */
    boolean isDispatching();

    /** The groups of an organisation by its name. */
    @FunctionalInterface
    interface Lookup {
        OrgGroups get(String org);
    }
}
