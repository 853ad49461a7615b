package io.shopwatch.backup.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * Fires due schedules: {@link #tick()} claims every schedule whose {@code next_run_at} has come (rows locked with
 * {@code FOR UPDATE SKIP LOCKED}, so that replicas ticking at once never fire the same one), queues its backup through
 * the {@link Launcher}, and moves {@code next_run_at} to the expression's next time after now — in one transaction. A
 * fire time missed while no replica ran is fired once, late, not once per missed time. Time comes from the injected
 * {@link Clock}.
 */
public class BackupScheduler {

    private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);

    /** Queues the backup of a schedule; returns the job id. Throwing records the reason on the schedule. */
    @FunctionalInterface
    public interface Launcher {
        String launch(Schedule schedule, Instant fireTime);
    }

    private final ScheduleRepository schedules;
    private final Launcher launcher;
    private final Clock clock;
    private final int batch;

    public BackupScheduler(ScheduleRepository schedules, Launcher launcher, Clock clock, int batch) {
        this.schedules = schedules;
        this.launcher = launcher;
        this.clock = clock;
        this.batch = batch;
    }

    /** The first fire time of {@code cron} in {@code zone} strictly after {@code after}. */
    public static Instant next(String cron, String zone, Instant after) {
        ZonedDateTime next = CronExpression.parse(cron).next(after.atZone(ZoneId.of(zone)));
        if (next == null) {
            throw new IllegalArgumentException("cron: " + cron + " never fires again");
        }
        return next.toInstant();
    }

    /** Fires what is due now; returns how many schedules fired. */
    public int tick() {
        Instant now = clock.instant();
        return schedules.claimDue(now, batch, schedule -> {
            Instant next = next(schedule.cron(), schedule.zone(), now);
            try {
                String jobId = launcher.launch(schedule, schedule.nextRunAt());
                return new ScheduleRepository.Fired(next, jobId, null);
            } catch (RuntimeException e) {
                log.warn("schedule {} of org {} queued nothing: {}", schedule.id(), schedule.org(), e.getMessage());
                return new ScheduleRepository.Fired(next, null, e.getMessage());
            }
        });
    }

    /** The schedules of an org. */
    public List<Schedule> list(String org) {
        return schedules.list(org);
    }
}
