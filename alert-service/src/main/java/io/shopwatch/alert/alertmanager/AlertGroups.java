package io.shopwatch.alert.alertmanager;

import io.shopwatch.alert.ack.GroupIds;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.route.Route;
import io.shopwatch.alert.store.AlertStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The alert groups of an organisation as its routing tree forms them from the alerts now firing (the same keys the
 * dispatcher uses, on every replica), each with its stable id.
 */
public final class AlertGroups {

    /** A group: id, key, the route's receiver, group labels and firing alerts. */
    public record Group(String id, String groupKey, String receiver, LabelSet labels, List<Alert> alerts) {}

    private final Alertmanagers alertmanagers;
    private final AlertStore store;
    private final Clock clock;

    public AlertGroups(Alertmanagers alertmanagers, AlertStore store, Clock clock) {
        this.alertmanagers = alertmanagers;
        this.store = store;
        this.clock = clock;
    }

    public List<Group> groups(String org) {
        return groups(org, a -> true);
    }

    /** The groups formed by the firing alerts that {@code include} accepts. */
    public List<Group> groups(String org, Predicate<Alert> include) {
        OrgAlertmanager am = alertmanagers.get(org);
        Instant now = clock.instant();
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Alert a : store.all(org)) {
            if (a.resolvedAt(now) || !include.test(a)) {
                continue;
            }
            for (Route r : am.config().route().match(a.labels())) {
                LabelSet groupLabels = r.groupLabels(a.labels());
                String key = r.key() + ":" + groupLabels;
                groups.computeIfAbsent(
                                key,
                                k -> new Group(
                                        GroupIds.of(org, k), k, r.options().receiver(), groupLabels, new ArrayList<>()))
                        .alerts()
                        .add(a);
            }
        }
        return new ArrayList<>(groups.values());
    }

    public Optional<Group> group(String org, String id) {
        return groups(org).stream().filter(g -> g.id().equals(id)).findFirst();
    }
}
