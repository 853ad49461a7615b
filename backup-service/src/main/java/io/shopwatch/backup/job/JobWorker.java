package io.shopwatch.backup.job;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs queued jobs: polls the queue, claims up to {@code concurrency} jobs at a time, runs each with its
 * {@link JobHandler} and records the outcome through the {@link JobStateMachine}. Jobs of a worker that died are
 * requeued by any worker once their heartbeat is older than the lease; a graceful stop requeues its own jobs at once.
 * Several replicas can share one database: claiming uses {@code FOR UPDATE SKIP LOCKED}.
 */
public class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    /** How the worker behaves. */
    public record Settings(
            String owner,
            int concurrency,
            Duration pollInterval,
            Duration progressInterval,
            Duration lease,
            int maxAttempts) {}

    private final JobRepository jobs;
    private final Map<JobKind, JobHandler> handlers = new EnumMap<>(JobKind.class);
    private final Settings settings;
    private final Clock clock;
    private final Semaphore slots;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService poller;
    private ExecutorService runners;
    private volatile boolean stopping;

    public JobWorker(JobRepository jobs, List<JobHandler> handlers, Settings settings, Clock clock) {
        this.jobs = jobs;
        for (JobHandler handler : handlers) {
            if (this.handlers.put(handler.kind(), handler) != null) {
                throw new IllegalStateException("two handlers for " + handler.kind());
            }
        }
        this.settings = settings;
        this.clock = clock;
        this.slots = new Semaphore(settings.concurrency());
    }

    @Override
    public synchronized void start() {
        stopping = false;
        poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "backup-job-poller"));
        runners = Executors.newFixedThreadPool(settings.concurrency(), r -> new Thread(r, "backup-job"));
        poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Adds a listener told about every job this worker completes successfully. */
    public void addListener(JobListener listener) {
        listeners.add(listener);
    }

    /** Looks at the queue now instead of at the next poll (after a job was queued). */
    public void wake() {
        ScheduledExecutorService p = poller;
        if (p != null && !p.isShutdown()) {
            p.execute(this::poll);
        }
    }

    private void poll() {
        try {
            if (!running.isEmpty()) {
                running.forEach(jobs::heartbeat);
            }
            jobs.requeueStale(clock.instant().minus(settings.lease()), settings.maxAttempts());
            while (!stopping && slots.tryAcquire()) {
                Optional<Job> claimed = jobs.claim(settings.owner());
                if (claimed.isEmpty()) {
                    slots.release();
                    break;
                }
                Job job = claimed.get();
                running.add(job.id());
                runners.execute(() -> {
                    try {
                        run(job);
                    } finally {
                        running.remove(job.id());
                        slots.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("polling the backup job queue failed: {}", e.toString());
        }
    }

    private void run(Job job) {
        JobHandler handler = handlers.get(job.kind());
        log.info("job {} ({}, backup {}) started, attempt {}", job.id(), job.kind(), job.backupId(), job.attempt());
        try {
            if (handler == null) {
                throw new IllegalStateException("no handler for " + job.kind());
            }
            String result = handler.run(job, new Context(job.id()));
            jobs.transition(job.id(), JobState.RUNNING, JobEvent.SUCCEED, result, null);
            log.info("job {} succeeded", job.id());
            for (JobListener listener : listeners) {
                try {
                    listener.succeeded(job);
                } catch (RuntimeException e) {
                    log.warn("after job {}: {}", job.id(), e.toString());
                }
            }
        } catch (JobCancelledException e) {
            jobs.transition(job.id(), JobState.RUNNING, JobEvent.CANCEL, null, e.getMessage());
            log.info("job {} cancelled", job.id());
        } catch (JobFailedException e) {
            jobs.transition(job.id(), JobState.RUNNING, JobEvent.FAIL, e.result(), e.getMessage());
            log.warn("job {} failed: {}", job.id(), e.getMessage());
        } catch (Exception e) {
            if (stopping) {
                jobs.transition(job.id(), JobState.RUNNING, JobEvent.REQUEUE, null, null);
                log.info("job {} requeued: the service is stopping", job.id());
                return;
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            jobs.transition(job.id(), JobState.RUNNING, JobEvent.FAIL, null, message);
            log.warn("job {} failed: {}", job.id(), message);
        }
    }

    /** Throttled progress writes; every write is also a heartbeat and reads the cancel flag. */
    private final class Context implements JobContext {
        private final String id;
        private long lastWrite;
        private boolean cancelled;

        Context(String id) {
            this.id = id;
        }

        @Override
        public void checkpoint(JobProgress progress) {
            long now = clock.millis();
            if (now - lastWrite >= settings.progressInterval().toMillis() || progress.percent() >= 100) {
                lastWrite = now;
                cancelled = jobs.progress(id, progress);
            }
            if (cancelled) {
                throw new JobCancelledException();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
        }
    }

    @Override
    public synchronized void stop() {
        stopping = true;
        if (poller == null) {
            return;
        }
        poller.shutdownNow();
        runners.shutdownNow();
        try {
            if (!runners.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("backup jobs still running at shutdown: {}", running);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller = null;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
