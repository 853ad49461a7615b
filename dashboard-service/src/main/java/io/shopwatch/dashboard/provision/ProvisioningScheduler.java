package io.shopwatch.dashboard.provision;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reconciles the dashboard files once when the service starts (before it serves requests) and then every
 * {@code interval}, like Grafana's {@code updateIntervalSeconds}: a file added, changed or deleted shows within one
 * interval.
 */
public class ProvisioningScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningScheduler.class);

    private final DashboardProvisioner provisioner;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public ProvisioningScheduler(DashboardProvisioner provisioner, Duration interval) {
        this.provisioner = provisioner;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        provisioner.reconcile();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dashboard-provisioning");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, interval.toMillis());
        executor.scheduleWithFixedDelay(this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void reconcileQuietly() {
        try {
            provisioner.reconcile();
        } catch (RuntimeException e) {
            log.warn("dashboard provisioning failed, trying again in {}: {}", interval, e.getMessage());
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
