package io.shopwatch.metrics.derived;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link DerivedMetricsConsumer} on a thread of its own: polls, and after a failure (Kafka did not acknowledge,
 * PostgreSQL unreachable) waits and reads the batch again. Once an hour the counted events older than the retention
 * are forgotten. What it does is recorded in a {@link DerivedMetricsStatus} (the health indicator's source).
 */
public final class DerivedMetricsRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DerivedMetricsRunner.class);

    private final Supplier<DerivedMetricsConsumer> consumers;
    private final DerivedState state;
    private final DerivedMetricsProperties properties;
    private final Clock clock;
    private final DerivedMetricsStatus status;
    private volatile DerivedMetricsConsumer consumer;
    private volatile boolean running;
    private volatile boolean healthy;
    private Thread thread;

    public DerivedMetricsRunner(
            Supplier<DerivedMetricsConsumer> consumers,
            DerivedState state,
            DerivedMetricsProperties properties,
            Clock clock,
            DerivedMetricsStatus status) {
        this.consumers = consumers;
        this.state = state;
        this.properties = properties;
        this.clock = clock;
        this.status = status;
    }

    /** Whether the last poll went through. */
    public boolean healthy() {
        return healthy;
    }

    private void run() {
        Instant nextCleanup = Instant.MIN;
        try {
            consumer.subscribe();
            while (running) {
                try {
                    int counted = consumer.pollOnce(Duration.ofMillis(500));
                    healthy = true;
                    status.polled(counted, consumer.lag(), clock.instant());
                    Instant now = clock.instant();
                    if (now.isAfter(nextCleanup)) {
                        state.forgetEventsBefore(now.minus(properties.eventRetention()));
                        nextCleanup = now.plus(Duration.ofHours(1));
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (healthy) {
                        log.warn("derived metrics: batch not counted, reading it again: {}", e.toString());
                    }
                    healthy = false;
                    status.failed(e, clock.instant());
                    Thread.sleep(properties.retryBackoff().toMillis());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            healthy = false;
            status.stopped();
            consumer.close();
        }
    }

    @Override
    public void start() {
        consumer = consumers.get();
        running = true;
        thread = new Thread(this::run, "derived-metrics");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
