package io.shopwatch.alert.dispatch;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.delivery.FlushContext;
import io.shopwatch.alert.route.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;

/**
 * Alertmanager's dispatcher for one routing tree: puts every alert into the aggregation group of each route it
 * matches, creating groups as needed, and removes groups that have become empty at maintenance.
 */
public final class Dispatcher {

    private record GroupId(String routeId, LabelSet labels) {}

    private final Route root;
    private final Scheduler scheduler;
    private final BiPredicate<FlushContext, List<Alert>> notify;
    private final Map<GroupId, AggregationGroup> groups = new ConcurrentHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean stopped;

    /**
     * @param notify runs the notification pipeline for a flush; true when the resolved alerts may be forgotten
     */
    public Dispatcher(Route root, Scheduler scheduler, BiPredicate<FlushContext, List<Alert>> notify) {
        this.root = root;
        this.scheduler = scheduler;
        this.notify = notify;
    }

    /** Routes a new or changed alert. */
    public void put(Alert alert) {
        if (stopped) {
            return;
        }
        lock.readLock().lock();
        try {
            for (Route route : root.match(alert.labels())) {
                GroupId id = new GroupId(route.id(), route.groupLabels(alert.labels()));
                AggregationGroup group = groups.get(id);
                if (group == null) {
                    // as Alertmanager: the first alert is in the group before its timer starts
                    AggregationGroup created = new AggregationGroup(route, id.labels(), scheduler, notify);
                    created.add(alert);
                    group = groups.putIfAbsent(id, created);
                    if (group == null) {
                        created.start();
                        continue;
                    }
                }
                group.insert(alert);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Routes many alerts (start-up, reload). */
    public void putAll(Collection<Alert> alerts) {
        alerts.forEach(this::put);
    }

    /** Removes an alert from every group (it was deleted from the store). */
    public void remove(Alert alert) {
        for (Route route : root.match(alert.labels())) {
            AggregationGroup g = groups.get(new GroupId(route.id(), route.groupLabels(alert.labels())));
            if (g != null) {
                g.remove(alert.fingerprint());
            }
        }
    }

    /** Stops and forgets the groups that hold no alerts. */
    public void maintenance() {
        lock.writeLock().lock();
        try {
            groups.values().removeIf(g -> {
                if (g.isEmpty()) {
                    g.stop();
                    return true;
                }
                return false;
            });
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Stops every group. */
    public void stop() {
        stopped = true;
        lock.writeLock().lock();
        try {
            groups.values().forEach(AggregationGroup::stop);
            groups.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public List<AggregationGroup> groups() {
        return new ArrayList<>(groups.values());
    }

    public Route root() {
        return root;
    }
}
