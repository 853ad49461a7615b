package io.shopwatch.alert.alertmanager;

import io.shopwatch.alert.ack.GroupIds;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.route.Route;
import io.shopwatch.alert.store.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The alert groups of an organisation as its routing tree forms them from the alerts now firing (the same keys the
 * dispatcher uses, on every replica), each with its stable id; and the groups that resolved within the recent history
 * (those the same tree forms from alerts resolved in that window, when none of their alerts fires now).
 */
public final class AlertGroups {

    /** A group: id, key, the route's receiver, group labels and firing alerts. */
    public record Group(String id, String groupKey, String receiver, LabelSet labels, List<Alert> alerts) {}

    /**
     * A resolved group: as {@link Group} with its resolved alerts (the latest end first) and when the last ended.
     *
     * @param group the group with its resolved alerts
     * @param resolvedAt the latest end of its alerts
     */
    public record ResolvedGroup(Group group, Instant resolvedAt) {}

    /** Most resolved alerts read for the resolved groups of an organisation. */
    static final int MAX_RESOLVED_ALERTS = 2000;

    private final Alertmanagers alertmanagers;
    private final AlertStore store;
    private final Clock clock;
    private final Duration history;

    public AlertGroups(Alertmanagers alertmanagers, AlertStore store, Clock clock, Duration history) {
        this.alertmanagers = alertmanagers;
        this.store = store;
        this.clock = clock;
        this.history = history;
    }

    /** How far back resolved groups are listed. */
    public Duration history() {
        return history;
    }

    /**
     * The groups whose alerts resolved within the history and none of which fires now, the latest resolved first, at
     * most {@code limit}.
     */
    public List<ResolvedGroup> resolved(String org, int limit) {
        Instant now = clock.instant();
        List<Alert> resolved = store.resolvedSince(org, now.minus(history), MAX_RESOLVED_ALERTS);
        Set<String> firing = new HashSet<>();
        for (Group g : groups(org)) {
            firing.add(g.id());
        }
        List<ResolvedGroup> out = new ArrayList<>();
        for (Group g : form(org, resolved)) {
            if (!firing.contains(g.id())) {
                Instant last = g.alerts().stream()
                        .map(Alert::endsAt)
                        .max(Comparator.naturalOrder())
                        .orElseThrow();
                out.add(new ResolvedGroup(g, last));
            }
        }
        out.sort(Comparator.comparing(ResolvedGroup::resolvedAt).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    public List<Group> groups(String org) {
        return groups(org, a -> true);
    }

    /** The groups formed by the firing alerts that {@code include} accepts. */
    public List<Group> groups(String org, Predicate<Alert> include) {
        Instant now = clock.instant();
        List<Alert> firing = new ArrayList<>();
        for (Alert a : store.all(org)) {
            if (!a.resolvedAt(now) && include.test(a)) {
                firing.add(a);
            }
        }
        return form(org, firing);
    }

    /** The groups the routing tree forms from these alerts, in their order. */
    private List<Group> form(String org, List<Alert> alerts) {
        OrgAlertmanager am = alertmanagers.get(org);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Alert a : alerts) {
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
