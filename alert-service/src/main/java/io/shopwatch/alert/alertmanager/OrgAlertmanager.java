package io.shopwatch.alert.alertmanager;

import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.delivery.DeliveryConfig;
import io.shopwatch.alert.delivery.DeliveryHandoff;
import io.shopwatch.alert.delivery.NotificationPipeline;
import io.shopwatch.alert.delivery.OrgGroups;
import io.shopwatch.alert.dispatch.AggregationGroup;
import io.shopwatch.alert.dispatch.Dispatcher;
import io.shopwatch.alert.dispatch.Scheduler;
import io.shopwatch.alert.inhibit.Inhibitor;
import io.shopwatch.alert.notificationlog.NotificationLog;
import io.shopwatch.alert.route.Route;
import io.shopwatch.alert.silence.Silences;
import io.shopwatch.alert.timeinterval.TimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One organisation's Alertmanager: its configuration, silences and inhibitor, and (on the replica that dispatches)
 * its dispatcher. A new configuration rebuilds the inhibitor and the dispatcher, as a reload of Alertmanager does:
 * every alert is routed again through the new tree, the old groups stop (nothing more goes to a receiver or group the
 * alerts left, not even their resolution) and the group timers restart. The notification log is kept, so a group
 * whose key and receiver are unchanged continues with its history and nothing already sent is sent again; a decided
 * notification not yet delivered whose alerts all left its receiver and group is withdrawn by the outbox
 * ({@link #stillRoutes}).
 */
public final class OrgAlertmanager implements OrgGroups {

    private final String org;
    private final Scheduler scheduler;
    private final Silences silences;
    private final NotificationLog nflog;
    private final DeliveryHandoff services;
    private final String externalUrl;
    private final Duration nflogRetention;
    private final Supplier<Collection<Alert>> alerts;

    private volatile AlertmanagerConfig config;
    private volatile int configVersion;
    private volatile Inhibitor inhibitor;
    private volatile Dispatcher dispatcher;
    private boolean dispatching;

    public OrgAlertmanager(
            String org,
            AlertmanagerConfig config,
            int configVersion,
            Scheduler scheduler,
            Silences silences,
            NotificationLog nflog,
            DeliveryHandoff services,
            String externalUrl,
            Duration nflogRetention,
            Supplier<Collection<Alert>> alerts) {
        this.org = org;
        this.scheduler = scheduler;
        this.silences = silences;
        this.nflog = nflog;
        this.services = services;
        this.externalUrl = externalUrl;
        this.nflogRetention = nflogRetention;
        this.alerts = alerts;
        this.config = config;
        this.configVersion = configVersion;
        this.inhibitor = newInhibitor(config);
    }

    public String org() {
        return org;
    }

    public AlertmanagerConfig config() {
        return config;
    }

    public int configVersion() {
        return configVersion;
    }

    public Silences silences() {
        return silences;
    }

    /**
     * Applies a new configuration at once. A version not newer than the one in force is ignored (the replica that
     * stored it and its own poll may both apply it).
     */
    public synchronized void applyConfig(AlertmanagerConfig newConfig, int version) {
        if (version <= configVersion) {
            return;
        }
        this.config = newConfig;
        this.configVersion = version;
        this.inhibitor = newInhibitor(newConfig);
        if (dispatching) {
            restartDispatcher();
        }
    }

    /**
     * Parses the configuration in force again, keeping its version, and applies the result as a reload does: what the
     * service's alert defaults fill in (timers the route does not set, {@code resolve_timeout}) changed. A source that
     * no longer parses leaves the configuration in force.
     */
    public synchronized void reparse(Function<String, AlertmanagerConfig> parser) {
        AlertmanagerConfig again = parser.apply(config.source());
        this.config = again;
        this.inhibitor = newInhibitor(again);
        if (dispatching) {
            restartDispatcher();
        }
    }

    /** Starts sending notifications (this replica dispatches). */
    public synchronized void startDispatching() {
        if (!dispatching) {
            dispatching = true;
            restartDispatcher();
        }
    }

    /** Stops sending notifications; a flush in progress finishes. */
    public synchronized void stopDispatching() {
        dispatching = false;
        Dispatcher d = dispatcher;
        dispatcher = null;
        if (d != null) {
            d.stop();
        }
    }

    @Override
    public boolean isDispatching() {
        return dispatcher != null;
    }

    private void restartDispatcher() {
        Dispatcher old = dispatcher;
        if (old != null) {
            old.stop();
        }
        AlertmanagerConfig c = config;
        Inhibitor inh = inhibitor;
        NotificationPipeline pipeline = new NotificationPipeline(
                org,
                c.receivers(),
                c.timeIntervals(),
                inh::mutes,
                silences::mutes,
                c.escalationPolicies(),
                nflog,
                services,
                scheduler.clock(),
                externalUrl,
                nflogRetention);
        Dispatcher d = new Dispatcher(c.route(), scheduler, pipeline::execute);
        dispatcher = d;
        d.putAll(alerts.get());
    }

    private Inhibitor newInhibitor(AlertmanagerConfig c) {
        Inhibitor i = new Inhibitor(c.inhibitRules(), scheduler.clock());
        i.observeAll(alerts.get());
        return i;
    }

    /** A new version of an alert. */
    public void onAlert(Alert alert) {
        inhibitor.observe(alert);
        Dispatcher d = dispatcher;
        if (d != null) {
            d.put(alert);
        }
    }

    /** An alert was removed from the store. */
    public void onRemoved(Alert alert) {
        inhibitor.forget(alert.fingerprint());
        Dispatcher d = dispatcher;
        if (d != null) {
            d.remove(alert);
        }
    }

    /** ReplicaMaintenance: drops empty groups and resolved inhibition sources. */
    public void maintenance() {
        Dispatcher d = dispatcher;
        if (d != null) {
            d.maintenance();
        }
        inhibitor.gc();
    }

    @Override
    public DeliveryConfig deliveryConfig() {
        return config().delivery();
    }

    @Override
    public Optional<List<Alert>> groupAlerts(String groupKey) {
        return groups().stream()
                .filter(g -> g.groupKey().equals(groupKey))
                .findFirst()
                .map(g -> List.copyOf(g.alerts()));
    }

    /** The aggregation groups (only on the dispatching replica). */
    public List<AggregationGroup> groups() {
        Dispatcher d = dispatcher;
        return d == null ? List.of() : d.groups();
    }

    /**
     * Whether the configuration in force routes at least one of these alerts to a route of {@code receiver} whose group
     * for it has the key {@code groupKey}: the group a notification was decided for still exists and still tells that
     * receiver.
     */
    public boolean stillRoutes(String receiver, String groupKey, Collection<Alert> alerts) {
        Route root = config.route();
        for (Alert a : alerts) {
            for (Route r : root.match(a.labels())) {
                if (r.options().receiver().equals(receiver)
                        && AggregationGroup.key(r, r.groupLabels(a.labels())).equals(groupKey)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where an alert stands now, as {@code GET /api/v2/alerts} reports it. */
    public AlertStatus status(Alert alert) {
        LabelSet labels = alert.labels();
        Set<String> receivers = new LinkedHashSet<>();
        List<String> mutedBy = new ArrayList<>();
        Instant now = scheduler.clock().instant();
        AlertmanagerConfig c = config;
        for (Route r : c.route().match(labels)) {
            receivers.add(r.options().receiver());
            for (String name : r.options().muteTimeIntervals()) {
                List<TimeInterval> ti = c.timeIntervals().get(name);
                if (ti != null && TimeInterval.anyContains(ti, now) && !mutedBy.contains(name)) {
                    mutedBy.add(name);
                }
            }
        }
        List<String> silencedBy = silences.mutedBy(labels);
        Optional<Long> inhibitedBy = inhibitor.inhibitedBy(labels);
        List<String> inhibited =
                inhibitedBy.map(fp -> List.of(LabelSet.hex(fp))).orElse(List.of());
        boolean suppressed = !silencedBy.isEmpty() || !inhibited.isEmpty() || !mutedBy.isEmpty();
        return new AlertStatus(
                suppressed ? "suppressed" : "active", silencedBy, inhibited, mutedBy, new ArrayList<>(receivers));
    }
}
