package io.shopwatch.performance.budget;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Computes the rates every interval and publishes those that changed. The interval is asked for again after every
 * round, so a changed interval applies from the next round on; {@link #intervalChanged} brings a round that is due
 * later than the new interval forward.
 */
public final class BudgetSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BudgetSchedule.class);

    private final BudgetRegulator regulator;
    private final SamplingRatePublisher publisher;
    private final LongSupplier intervalMillis;
    private volatile ScheduledExecutorService executor;
    private ScheduledFuture<?> next;

    public BudgetSchedule(BudgetRegulator regulator, SamplingRatePublisher publisher, long intervalMillis) {
        this(regulator, publisher, () -> intervalMillis);
    }

    public BudgetSchedule(BudgetRegulator regulator, SamplingRatePublisher publisher, LongSupplier intervalMillis) {
        this.regulator = regulator;
        this.publisher = publisher;
        this.intervalMillis = intervalMillis;
    }

    /** One round: compute, publish what changed. */
    public void runOnce() {
        try {
            publisher.publish(regulator.tick());
        } catch (RuntimeException e) {
            log.warn("sampling rates not computed or published: {}", e.toString());
        }
    }

    private void round() {
        runOnce();
        scheduleNext(intervalMillis.getAsLong());
    }

    private synchronized void scheduleNext(long delayMillis) {
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            try {
                next = running.schedule(this::round, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** The interval changed: a round due later than one new interval from now is moved to then. */
    public synchronized void intervalChanged() {
        long interval = intervalMillis.getAsLong();
        if (next != null && next.getDelay(TimeUnit.MILLISECONDS) > interval && next.cancel(false)) {
            scheduleNext(interval);
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "budget-regulator");
            thread.setDaemon(true);
            return thread;
        });
        scheduleNext(intervalMillis.getAsLong());
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
