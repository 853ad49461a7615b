package io.shopwatch.alert.ha;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps trying to hold the lease; tells listeners when this replica becomes the leader and when it stops being one
 * (lost the lease, or could not renew it within its lifetime). Stopping releases the lease after the listeners stopped.
 */
public final class Leadership implements SmartLifecycle, HealthIndicator {

    /** Told about changes of leadership. */
    public interface Listener {
        void elected();

        void revoked();
    }

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final LeaseManager lease;
    private final Duration ttl;
    private final Duration renew;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService executor;
    private volatile boolean leader;
    private volatile Instant renewedAt = Instant.EPOCH;
    private volatile String lastError = "";

    public Leadership(LeaseManager lease, Duration ttl, Duration renew, Clock clock) {
        this.lease = lease;
        this.ttl = ttl;
        this.renew = renew;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public boolean isLeader() {
        return leader;
    }

    public String replica() {
        return lease.holder();
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-lease");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::round);
        executor.scheduleWithFixedDelay(this::round, renew.toMillis(), renew.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            OptionalLong token = lease.acquireOrRenew();
            lastError = "";
            if (token.isPresent()) {
                renewedAt = clock.instant();
                if (!leader) {
                    leader = true;
                    log.info(
                            "replica {} now dispatches notifications and evaluates rules (lease token {})",
                            lease.holder(),
                            token.getAsLong());
                    listeners.forEach(Listener::elected);
                }
            } else if (leader) {
                stepDown("another replica holds the lease");
            }
        } catch (Exception e) {
            lastError = e.toString();
            if (leader && Duration.between(renewedAt, clock.instant()).compareTo(ttl.minus(renew)) > 0) {
                stepDown("the lease could not be renewed: " + e.getMessage());
            }
        }
    }

    private void stepDown(String why) {
        leader = false;
        log.warn("replica {} stops dispatching: {}", lease.holder(), why);
        listeners.forEach(Listener::revoked);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (leader) {
            leader = false;
            listeners.forEach(Listener::revoked);
            try {
                lease.release();
            } catch (Exception e) {
                log.warn("could not release the lease: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        // after the web server and the data source, so that it stops first
        return Integer.MAX_VALUE - 100;
    }

    @Override
    public Health health() {
        Health.Builder b = lastError.isEmpty() ? Health.up() : Health.down().withDetail("error", lastError);
        return b.withDetail("replica", lease.holder())
                .withDetail("leader", leader)
                .build();
    }
}
