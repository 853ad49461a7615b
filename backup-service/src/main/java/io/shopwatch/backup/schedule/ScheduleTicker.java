package io.shopwatch.backup.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Calls {@link BackupScheduler#tick()} every interval while the service runs. */
public class ScheduleTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);

    private final BackupScheduler scheduler;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public ScheduleTicker(BackupScheduler scheduler, Duration interval) {
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backup-schedules");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                this::tick, interval.toMillis(), Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            scheduler.tick();
        } catch (RuntimeException e) {
            log.warn("backup schedules not looked at: {}", e.getMessage());
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
