package io.shopwatch.alert.dispatch;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.delivery.FlushContext;
import io.shopwatch.alert.route.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

/**
 * The alerts of one route with equal group labels, and Alertmanager's timers: the first flush {@code group_wait} after
 * the group was created (at once if an alert is already older than that), then one every {@code group_interval}.
 */
public final class AggregationGroup {

    private final Route route;
    private final LabelSet groupLabels;
    private final String groupKey;
    private final Scheduler scheduler;
    private final BiPredicate<FlushContext, List<Alert>> notify;
    private final Map<Long, Alert> alerts = new ConcurrentHashMap<>();
    private final ReentrantLock flushLock = new ReentrantLock();

    private boolean hasFlushed;
    private boolean stopped;
    private Instant nextTick;
    private Scheduler.Cancellable timer;

    AggregationGroup(
            Route route, LabelSet groupLabels, Scheduler scheduler, BiPredicate<FlushContext, List<Alert>> notify) {
        this.route = route;
        this.groupLabels = groupLabels;
        this.groupKey = key(route, groupLabels);
        this.scheduler = scheduler;
        this.notify = notify;
    }

    /** Alertmanager's group key: the route's key and the group labels, {@code {}/{team="a"}:{alertname="X"}}. */
    public static String key(Route route, LabelSet groupLabels) {
        return route.key() + ":" + groupLabels;
    }

    /**
     * Starts the group's timer: the first flush after {@code group_wait}, at once if an alert already in the group
     * started longer ago than that.
     */
    synchronized void start() {
        Instant now = scheduler.clock().instant();
        Instant at = now.plus(route.options().groupWait());
        for (Alert a : alerts.values()) {
            if (a.startsAt().plus(route.options().groupWait()).isBefore(now)) {
                at = now;
            }
        }
        scheduleAt(at);
    }

    /** Adds an alert before the group is started. */
    void add(Alert alert) {
        alerts.put(alert.fingerprint(), alert);
    }

    /** Adds or replaces an alert; flushes at once if the group never flushed and the alert is old enough. */
    void insert(Alert alert) {
        alerts.put(alert.fingerprint(), alert);
        synchronized (this) {
            Instant now = scheduler.clock().instant();
            if (!hasFlushed
                    && !stopped
                    && nextTick != null
                    && alert.startsAt().plus(route.options().groupWait()).isBefore(now)
                    && nextTick.isAfter(now)) {
                scheduleAt(now);
            }
        }
    }

    private void scheduleAt(Instant at) {
        if (timer != null) {
            timer.cancel();
        }
        nextTick = at;
        timer = scheduler.schedule(at, () -> tick(at));
    }

    private void tick(Instant at) {
        flushLock.lock();
        try {
            synchronized (this) {
                if (stopped || !at.equals(nextTick)) {
                    return;
                }
                hasFlushed = true;
                Instant next = at.plus(route.options().groupInterval());
                scheduleAt(next);
            }
            flush(at);
        } finally {
            flushLock.unlock();
        }
    }

    private void flush(Instant tick) {
        if (alerts.isEmpty()) {
            return;
        }
        Instant now = scheduler.clock().instant();
        List<Alert> batch = new ArrayList<>(alerts.size());
        List<Alert> resolved = new ArrayList<>();
        for (Alert a : alerts.values()) {
            if (a.resolvedAt(now)) {
                resolved.add(a);
                batch.add(a);
            } else {
                batch.add(a.withEndsAt(null));
            }
        }
        batch.sort(Alert.NOTIFICATION_ORDER);
        if (notify.test(new FlushContext(groupKey, groupLabels, route.options(), tick), batch)) {
            for (Alert r : resolved) {
                alerts.remove(r.fingerprint(), r);
            }
        }
    }

    /** Stops the timers; a running flush finishes. */
    synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    boolean isEmpty() {
        return alerts.isEmpty();
    }

    void remove(long fingerprint) {
        alerts.remove(fingerprint);
    }

    public Route route() {
        return route;
    }

    public LabelSet groupLabels() {
        return groupLabels;
    }

    public String groupKey() {
        return groupKey;
    }

    public Collection<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    /** When the next flush is due. */
    public synchronized Instant nextTick() {
        return nextTick;
    }
}
