package io.shopwatch.alert.route;

import io.shopwatch.alert.core.AlertDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a route decides for the alerts it matches (inherited from the parent where not set).
 *
 * @param receiver receiver name
 * @param groupBy label names to group by
 * @param groupByAll {@code group_by: ['...']}: every label, which disables aggregation
 * @param groupWait wait before the first notification of a new group
 * @param groupInterval wait between checks of a group for changes
 * @param repeatInterval wait before repeating an unchanged notification
 * @param muteTimeIntervals names of intervals in which notifications are muted
 * @param activeTimeIntervals names of intervals outside which notifications are muted (empty: always active)
 * @param escalationPolicy the escalation policy of the route's groups (ShopWatch's {@code escalation_policy}), or null
 */
public record RouteOptions(
        String receiver,
        Set<String> groupBy,
        boolean groupByAll,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals,
        String escalationPolicy) {

    public static final Duration DEFAULT_GROUP_WAIT = AlertDefaults.ALERTMANAGER.groupWait();
    public static final Duration DEFAULT_GROUP_INTERVAL = AlertDefaults.ALERTMANAGER.groupInterval();
    public static final Duration DEFAULT_REPEAT_INTERVAL = AlertDefaults.ALERTMANAGER.repeatInterval();

    public RouteOptions {
        groupBy = Set.copyOf(groupBy);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }
}
