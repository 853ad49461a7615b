package io.shopwatch.dashboard.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs a sync pass every {@code interval}, the first one right after start; a failed pass is tried again later. */
public class SyncScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final DashboardSync sync;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public SyncScheduler(DashboardSync sync, Duration interval) {
        this.sync = sync;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dashboard-sync");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pass, 0, Math.max(1000, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void pass() {
        try {
            DashboardSync.Outcome outcome = sync.syncAll();
            if (outcome.created() + outcome.updated() + outcome.deleted() + outcome.failed() > 0) {
                log.info("dashboards synced to OpenObserve: {}", outcome);
            }
        } catch (RuntimeException e) {
            log.warn("dashboard sync to OpenObserve failed, trying again in {}: {}", interval, e.getMessage());
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
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
