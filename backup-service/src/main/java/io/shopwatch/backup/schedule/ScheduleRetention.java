package io.shopwatch.backup.schedule;

import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobListener;
import io.shopwatch.backup.operation.BackupOperations;
import io.shopwatch.backup.operation.BackupOperations.RetentionOutcome;
import io.shopwatch.backup.retention.RetentionPolicy;
import io.shopwatch.common.web.ShopWatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schedule's retention: its policy decides the sets its own fire times made (recorded when each fired), as one
 * group, with days, weeks and months counted in the schedule's time zone. Applied after each of the schedule's backups
 * succeeds (as a {@link JobListener} of the worker) and on demand. The newest restorable set is always kept, corrupt
 * sets are neither counted nor deleted ({@link RetentionPolicy}); sets made by requests or by other schedules are never
 * touched. Each run's summary is recorded on the schedule ({@code last_retention}), stamped with the injected clock.
 */
public class ScheduleRetention implements JobListener {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRetention.class);

    private final ScheduleRepository repository;
    private final Schedules schedules;
    private final BackupOperations operations;
    private final Clock clock;

    public ScheduleRetention(
            ScheduleRepository repository, Schedules schedules, BackupOperations operations, Clock clock) {
        this.repository = repository;
        this.schedules = schedules;
        this.operations = operations;
        this.clock = clock;
    }

    @Override
    public void succeeded(Job job) {
        repository.findByJob(job.id()).ifPresent(schedule -> {
            if (schedule.retention() != null) {
                try {
                    apply(schedule, false);
                } catch (RuntimeException e) {
                    repository.recordRetention(schedule.id(), clock.instant() + " failed: " + e.getMessage());
                    log.warn("retention of schedule {} failed: {}", schedule.id(), e.getMessage());
                }
            }
        });
    }

    /** Applies the retention policy of an org's schedule now; 400 when it has none. */
    public RetentionOutcome apply(String org, String scheduleId, boolean dryRun) {
        return apply(schedules.get(org, scheduleId), dryRun);
    }

    private RetentionOutcome apply(Schedule schedule, boolean dryRun) {
        RetentionPolicy policy = schedules.retention(schedule);
        if (policy == null) {
            throw ShopWatchException.invalid(
                    "schedule " + schedule.id() + " has no retention policy: it keeps every set");
        }
        RetentionOutcome outcome;
        try {
            outcome = operations.retention(
                    schedule.org(), repository.setIds(schedule.id()), policy, ZoneId.of(schedule.zone()), dryRun);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!dryRun) {
            long kept = outcome.decisions().stream()
                    .filter(RetentionPolicy.Decision::keep)
                    .count();
            String summary = clock.instant() + " kept " + kept + ", deleted "
                    + outcome.deleted().size();
            repository.recordRetention(schedule.id(), summary);
            log.info("retention of schedule {} (org {}): {}", schedule.id(), schedule.org(), summary);
        }
        return outcome;
    }
}
