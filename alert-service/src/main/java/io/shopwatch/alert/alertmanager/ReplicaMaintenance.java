package io.shopwatch.alert.alertmanager;

import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.notificationlog.JdbcNotificationLog;
import io.shopwatch.alert.silence.JdbcSilenceRepository;
import io.shopwatch.alert.store.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The background work of every replica: reading other replicas' changes, picking up new configuration versions, and
 * cleaning up (empty groups, old resolved alerts, expired silences and log entries; deletions only on the leader).
 * Starts with one full read of the database, before leadership is sought.
 */
public final class ReplicaMaintenance implements SmartLifecycle {

    /**
     * How often the background work runs and how long ended things are kept.
     *
     * @param pollInterval between reads of other replicas' changes
     * @param configPollInterval between checks for new configuration versions
     * @param maintenanceInterval between clean-ups
     * @param silenceRetention how long an ended silence is kept
     * @param resolvedRetention how long a resolved alert is kept
     * @param resolvedHistory how long a resolved alert stays in the archive of resolved groups
     */
    public record Intervals(
            Duration pollInterval,
            Duration configPollInterval,
            Duration maintenanceInterval,
            Duration silenceRetention,
            Duration resolvedRetention,
            Duration resolvedHistory) {}

    private static final Logger log = LoggerFactory.getLogger(ReplicaMaintenance.class);

    private final ChangeFeed feed;
    private final Alertmanagers alertmanagers;
    private final AlertStore store;
    private final JdbcNotificationLog nflog;
    private final JdbcSilenceRepository silences;
    private final Leadership leadership;
    private final Intervals properties;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public ReplicaMaintenance(
            ChangeFeed feed,
            Alertmanagers alertmanagers,
            AlertStore store,
            JdbcNotificationLog nflog,
            JdbcSilenceRepository silences,
            Leadership leadership,
            Intervals properties,
            Clock clock) {
        this.feed = feed;
        this.alertmanagers = alertmanagers;
        this.store = store;
        this.nflog = nflog;
        this.silences = silences;
        this.leadership = leadership;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        feed.poll();
        executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "alert-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long poll = Math.max(10, properties.pollInterval().toMillis());
        executor.scheduleWithFixedDelay(feed::poll, poll, poll, TimeUnit.MILLISECONDS);
        long config = Math.max(100, properties.configPollInterval().toMillis());
        executor.scheduleWithFixedDelay(this::refreshConfigs, config, config, TimeUnit.MILLISECONDS);
        long maintenance = Math.max(100, properties.maintenanceInterval().toMillis());
        executor.scheduleWithFixedDelay(this::maintenance, maintenance, maintenance, TimeUnit.MILLISECONDS);
    }

    private void refreshConfigs() {
        try {
            alertmanagers.refreshConfigs();
        } catch (RuntimeException e) {
            log.warn("cannot read configuration versions: {}", e.toString());
        }
    }

    private void maintenance() {
        try {
            alertmanagers.maintenance(properties.silenceRetention());
            boolean leader = leadership.isLeader();
            store.gc(properties.resolvedRetention(), leader);
            if (leader) {
                nflog.gc(clock.instant());
                store.pruneArchive(properties.resolvedHistory());
                silences.deleteEndedBefore(clock.instant().minus(properties.silenceRetention()));
            }
        } catch (RuntimeException e) {
            log.warn("maintenance failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
