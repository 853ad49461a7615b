package io.shopwatch.alert.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} on the system clock: one timer thread hands due tasks to a pool of workers that grows up to
 * {@code maxThreads}, so that a slow receiver (a flush retrying for up to its group interval) does not delay the
 * flushes of other groups; beyond that, the timer thread runs the task itself.
 */
public final class PoolScheduler implements Scheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolScheduler.class);

    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final java.util.concurrent.ThreadPoolExecutor workers;

    public PoolScheduler(Clock clock, int threads, String name) {
        this(clock, threads, Math.max(threads, 64), name);
    }

    public PoolScheduler(Clock clock, int coreThreads, int maxThreads, String name) {
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.workers = new java.util.concurrent.ThreadPoolExecutor(
                coreThreads,
                maxThreads,
                60,
                TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("scheduled task failed: {}", e.toString(), e);
            }
        };
        ScheduledFuture<?> future = executor.schedule(() -> workers.execute(guarded), delay, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        workers.shutdownNow();
    }
}
