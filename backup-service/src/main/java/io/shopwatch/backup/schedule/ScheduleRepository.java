package io.shopwatch.backup.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/** Schedules in PostgreSQL, and the claim of due ones that makes each fire time run on one replica only. */
public class ScheduleRepository {

    private static final String COLUMNS = "id, org, name, cron, zone, request, enabled, next_run_at, last_run_at,"
            + " last_job_id, last_error, created_at, retention, last_retention";

    /** What firing a schedule did: its next time, the job queued (or null) and the reason when none was. */
    public record Fired(Instant nextRunAt, String jobId, String error) {}

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    public ScheduleRepository(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Inserts a schedule; false when the org has one of that name. */
    public boolean insert(Schedule s) {
        return jdbc.sql("INSERT INTO backup_schedule (" + COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (org, name) DO NOTHING")
                        .params(
                                s.id(),
                                s.org(),
                                s.name(),
                                s.cron(),
                                s.zone(),
                                s.request(),
                                s.enabled(),
                                ts(s.nextRunAt()),
                                ts(s.lastRunAt()),
                                s.lastJobId(),
                                s.lastError(),
                                ts(s.createdAt()),
                                s.retention(),
                                s.lastRetention())
                        .update()
                == 1;
    }

    public Optional<Schedule> find(String org, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backup_schedule WHERE org = ? AND id = ?")
                .params(org, id)
                .query(ScheduleRepository::map)
                .optional();
    }

    public List<Schedule> list(String org) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backup_schedule WHERE org = ? ORDER BY name")
                .param(org)
                .query(ScheduleRepository::map)
                .list();
    }

    public boolean delete(String org, String id) {
        boolean deleted = jdbc.sql("DELETE FROM backup_schedule WHERE org = ? AND id = ?")
                        .params(org, id)
                        .update()
                == 1;
        if (deleted) {
            jdbc.sql("DELETE FROM backup_schedule_set WHERE schedule_id = ?")
                    .param(id)
                    .update();
        }
        return deleted;
    }

    /** Sets (replaces) the schedule's retention policy; null keeps every set. False when there is no such schedule. */
    public boolean setRetention(String org, String id, String retention) {
        return jdbc.sql("UPDATE backup_schedule SET retention = ? WHERE org = ? AND id = ?")
                        .params(retention, org, id)
                        .update()
                == 1;
    }

    /** Records what a retention run of the schedule did. */
    public void recordRetention(String id, String summary) {
        jdbc.sql("UPDATE backup_schedule SET last_retention = ? WHERE id = ?")
                .params(summary, id)
                .update();
    }

    /** The schedule whose fire time queued the job, if one did. */
    public Optional<Schedule> findByJob(String jobId) {
        return jdbc.sql("SELECT " + prefixed("s.") + " FROM backup_schedule s"
                        + " JOIN backup_schedule_set r ON r.schedule_id = s.id WHERE r.job_id = ?")
                .param(jobId)
                .query(ScheduleRepository::map)
                .optional();
    }

    /** The ids of the sets the schedule's fire times made (whether or not they still exist). */
    public List<String> setIds(String scheduleId) {
        return jdbc.sql("SELECT backup_id FROM backup_schedule_set WHERE schedule_id = ?")
                .param(scheduleId)
                .query(String.class)
                .list();
    }

    /** Records a set as made by the schedule (for sets queued outside {@link #claimDue}). */
    public void recordSet(String scheduleId, String backupId, String jobId, Instant firedAt) {
        jdbc.sql("INSERT INTO backup_schedule_set (schedule_id, backup_id, job_id, fired_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(scheduleId, backupId, jobId, ts(firedAt))
                .update();
    }

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }

    /**
     * In one transaction: locks up to {@code limit} enabled schedules due at {@code now} that no other transaction holds
     * ({@code FOR UPDATE SKIP LOCKED}), fires each and records the outcome. Another replica's concurrent claim skips
     * these rows, and once this commits it sees their next time in the future. Returns how many fired.
     */
    public int claimDue(Instant now, int limit, Function<Schedule, Fired> fire) {
        Integer fired = transactions.execute(status -> {
            List<Schedule> due = jdbc.sql(
                            "SELECT " + COLUMNS + " FROM backup_schedule WHERE enabled AND next_run_at <= ?"
                                    + " ORDER BY next_run_at LIMIT ? FOR UPDATE SKIP LOCKED")
                    .params(ts(now), limit)
                    .query(ScheduleRepository::map)
                    .list();
            for (Schedule schedule : due) {
                Fired outcome = fire.apply(schedule);
                jdbc.sql("UPDATE backup_schedule SET next_run_at = ?, last_run_at = ?, last_job_id = ?, last_error = ?"
                                + " WHERE id = ?")
                        .params(ts(outcome.nextRunAt()), ts(now), outcome.jobId(), outcome.error(), schedule.id())
                        .update();
                if (outcome.jobId() != null) {
                    // the set this fire time makes belongs to the schedule: its retention policy decides it
                    jdbc.sql("INSERT INTO backup_schedule_set (schedule_id, backup_id, job_id, fired_at)"
                                    + " SELECT ?, backup_id, id, ? FROM backup_job WHERE id = ?"
                                    + " ON CONFLICT DO NOTHING")
                            .params(schedule.id(), ts(now), outcome.jobId())
                            .update();
                }
            }
            return due.size();
        });
        return fired == null ? 0 : fired;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Schedule map(ResultSet rs, int row) throws SQLException {
        return new Schedule(
                rs.getString("id"),
                rs.getString("org"),
                rs.getString("name"),
                rs.getString("cron"),
                rs.getString("zone"),
                rs.getString("request"),
                rs.getBoolean("enabled"),
                instant(rs, "next_run_at"),
                instant(rs, "last_run_at"),
                rs.getString("last_job_id"),
                rs.getString("last_error"),
                instant(rs, "created_at"),
                rs.getString("retention"),
                rs.getString("last_retention"));
    }
}
