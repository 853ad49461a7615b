package io.shopwatch.backup.schedule;

import java.time.Instant;

/**
 * A cron schedule of backups in one org.
 *
 * @param cron Spring's six-field cron expression (second minute hour day month weekday), or a macro such as
 *     {@code @daily}
 * @param zone the time zone the expression is read in
 * @param request the backup to queue at each fire time ({@link ScheduledBackup} as JSON)
 * @param nextRunAt the next fire time
 * @param lastJobId the job queued at the last fire time
 * @param lastError why the last fire time queued nothing
 * @param retention the retention policy of the sets this schedule made ({@code RetentionPolicy} as JSON); null keeps
 *     them all
 * @param lastRetention what the last retention run did (or why it failed)
 */
public record Schedule(
        String id,
        String org,
        String name,
        String cron,
        String zone,
        String request,
        boolean enabled,
        Instant nextRunAt,
        Instant lastRunAt,
        String lastJobId,
        String lastError,
        Instant createdAt,
        String retention,
        String lastRetention) {}
