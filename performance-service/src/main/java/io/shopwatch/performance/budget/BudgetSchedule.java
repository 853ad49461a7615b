package io.shopwatch.performance.budget;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Computes the rates every interval and publishes those that changed. */
public final class BudgetSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BudgetSchedule.class);

    private final BudgetRegulator regulator;
    private final SamplingRatePublisher publisher;
    private final long intervalMillis;
    private volatile ScheduledExecutorService executor;

    public BudgetSchedule(BudgetRegulator regulator, SamplingRatePublisher publisher, long intervalMillis) {
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

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "budget-regulator");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
