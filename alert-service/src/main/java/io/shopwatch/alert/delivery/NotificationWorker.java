package io.shopwatch.alert.delivery;

import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The background sender, on the replica that holds the dispatch lease: retries due outbox entries on a few threads
 * (one slow provider does not hold up the others), runs due escalation steps, and forgets old finished entries. After
 * a restart or failover it resumes whatever the outbox holds.
 */
public final class NotificationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);

    private final OutboxDelivery delivery;
    private final EscalationEngine escalation;
    private final Leadership leadership;
    private final NotificationProperties properties;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private ScheduledExecutorService timer;
    private ExecutorService senders;
    private long lastGc;

    public NotificationWorker(
            OutboxDelivery delivery,
            EscalationEngine escalation,
            Leadership leadership,
            NotificationProperties properties,
            Clock clock) {
        this.delivery = delivery;
        this.escalation = escalation;
        this.leadership = leadership;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-outbox");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(Math.max(1, properties.senderThreads()), r -> {
            Thread t = new Thread(r, "alert-outbox-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long poll = Math.max(50, properties.pollInterval().toMillis());
        timer.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** One round: only on the leader, and only when the senders have caught up. */
    void tick() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            escalation.tick();
            if (inFlight.get() == 0) {
                for (List<OutboxEntry> batch : batches(delivery, delivery.acquireDue())) {
                    inFlight.incrementAndGet();
                    senders.execute(() -> {
                        try {
                            delivery.deliverBatch(batch);
                        } catch (RuntimeException ex) {
                            log.warn(
                                    "outbox entries {} could not be sent: {}",
                                    batch.get(0).id(),
                                    ex.toString());
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    });
                }
            }
            long now = clock.millis();
            if (now - lastGc > 60_000) {
                lastGc = now;
                delivery.outbox().gc(clock.instant().minus(properties.retention()));
            }
        } catch (RuntimeException e) {
            log.warn("outbox round failed: {}", e.toString());
        }
    }

    /** Due entries in sending units: one per entry, or one per integration whose type is sent as digests. */
    static List<List<OutboxEntry>> batches(OutboxDelivery delivery, List<OutboxEntry> due) {
        Map<OutboxEntry.Target, List<OutboxEntry>> byTarget = new LinkedHashMap<>();
        List<List<OutboxEntry>> out = new ArrayList<>();
        for (OutboxEntry e : due) {
            if (delivery.digests(e.target().integration()) && e.kind() != OutboxEntry.Kind.TEST) {
                byTarget.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e);
            } else {
                out.add(List.of(e));
            }
        }
        out.addAll(byTarget.values());
        return out;
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            senders.shutdownNow();
            timer = null;
            senders = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 300;
    }
}
