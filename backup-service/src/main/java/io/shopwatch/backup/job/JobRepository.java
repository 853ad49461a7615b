package io.shopwatch.backup.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job queue in PostgreSQL. Every change of state goes through {@link JobStateMachine} and is a compare-and-set on
 * the row's current state, so two workers (or a worker and a cancel request) never both move the same job.
 */
public class JobRepository {

    private static final String COLUMNS = "id, org, kind, backup_id, request, state, cancel_requested, attempt,"
            + " percent, bytes, records, current_slice, eta_seconds, result, error, created_at, started_at,"
            + " finished_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    public JobRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queues a new job and returns it. */
    public Job enqueue(String org, JobKind kind, String backupId, String request) {
        String id = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO backup_job (id, org, kind, backup_id, request, state, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, org, kind.name(), backupId, request, JobState.QUEUED.name(), ts(clock.instant()))
                .update();
        return find(id).orElseThrow();
    }

    public Optional<Job> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backup_job WHERE id = ?")
                .param(id)
                .query(JobRepository::map)
                .optional();
    }

    /** The job, if it belongs to {@code org}. */
    public Optional<Job> find(String org, String id) {
        return find(id).filter(j -> j.org().equals(org));
    }

    /** The jobs of an org, newest first. */
    public List<Job> list(String org, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backup_job WHERE org = ? ORDER BY created_at DESC LIMIT ?")
                .params(org, limit)
                .query(JobRepository::map)
                .list();
    }

    /**
     * Claims the oldest queued job for {@code owner} (QUEUED → RUNNING), skipping rows another worker is claiming.
     */
    public Optional<Job> claim(String owner) {
        JobState running = JobStateMachine.next(JobState.QUEUED, JobEvent.START);
        Instant now = clock.instant();
        return jdbc.sql("UPDATE backup_job SET state = ?, owner = ?, attempt = attempt + 1,"
                        + " started_at = COALESCE(started_at, ?), heartbeat_at = ?"
                        + " WHERE id = (SELECT id FROM backup_job WHERE state = ? AND NOT cancel_requested"
                        + " ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + COLUMNS)
                .params(running.name(), owner, ts(now), ts(now), JobState.QUEUED.name())
                .query(JobRepository::map)
                .optional();
    }

    /**
     * Moves a job by {@code event} if it is still in {@code from} (compare-and-set); false when it was not. Terminal
     * states record the finish time, the result and the error.
     */
    public boolean transition(String id, JobState from, JobEvent event, String result, String error) {
        JobState to = JobStateMachine.next(from, event);
        Timestamp finished = to.terminal() ? ts(clock.instant()) : null;
        return jdbc.sql("UPDATE backup_job SET state = ?, result = COALESCE(?, result), error = ?, finished_at = ?,"
                                + " owner = NULL WHERE id = ? AND state = ?")
                        .params(to.name(), result, error, finished, id, from.name())
                        .update()
                == 1;
    }

    /**
     * Asks a job to stop: a queued job is cancelled at once (QUEUED → CANCELLED), a running one is flagged and
     * cancelled by its worker at the next checkpoint. Returns the job as it is afterwards.
     */
    public Optional<Job> requestCancel(String org, String id) {
        Optional<Job> job = find(org, id);
        if (job.isEmpty() || job.get().state().terminal()) {
            return job;
        }
        if (!transition(id, JobState.QUEUED, JobEvent.CANCEL, null, "cancelled by request")) {
            jdbc.sql("UPDATE backup_job SET cancel_requested = TRUE WHERE id = ? AND state = ?")
                    .params(id, JobState.RUNNING.name())
                    .update();
        }
        return find(id);
    }

    /** Records progress and the heartbeat of a running job; returns whether cancellation was requested. */
    public boolean progress(String id, JobProgress progress) {
        return jdbc.sql("UPDATE backup_job SET percent = ?, bytes = ?, records = ?, current_slice = ?, eta_seconds = ?,"
                        + " heartbeat_at = ? WHERE id = ? RETURNING cancel_requested")
                .params(
                        progress.percent(),
                        progress.bytes(),
                        progress.records(),
                        progress.currentSlice(),
                        progress.etaSeconds(),
                        ts(clock.instant()),
                        id)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Tells the queue that the worker running {@code id} is alive. */
    public void heartbeat(String id) {
        jdbc.sql("UPDATE backup_job SET heartbeat_at = ? WHERE id = ? AND state = ?")
                .params(ts(clock.instant()), id, JobState.RUNNING.name())
                .update();
    }

    /**
     * Jobs whose worker sent no heartbeat since {@code staleBefore} (killed, crashed, lost its database): back to the
     * queue (RUNNING → QUEUED) while they have attempts left, failed (RUNNING → FAILED) otherwise. Returns how many
     * were requeued.
     */
    public int requeueStale(Instant staleBefore, int maxAttempts) {
        JobState failed = JobStateMachine.next(JobState.RUNNING, JobEvent.FAIL);
        jdbc.sql("UPDATE backup_job SET state = ?, owner = NULL, finished_at = ?,"
                        + " error = 'the worker stopped sending heartbeats ' || attempt || ' times; giving up'"
                        + " WHERE state = ? AND heartbeat_at < ? AND attempt >= ?")
                .params(failed.name(), ts(clock.instant()), JobState.RUNNING.name(), ts(staleBefore), maxAttempts)
                .update();
        JobState queued = JobStateMachine.next(JobState.RUNNING, JobEvent.REQUEUE);
        return jdbc.sql("UPDATE backup_job SET state = ?, owner = NULL WHERE state = ? AND heartbeat_at < ?")
                .params(queued.name(), JobState.RUNNING.name(), ts(staleBefore))
                .update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Job map(ResultSet rs, int row) throws SQLException {
        long eta = rs.getLong("eta_seconds");
        Long etaSeconds = rs.wasNull() ? null : eta;
        return new Job(
                rs.getString("id"),
                rs.getString("org"),
                JobKind.valueOf(rs.getString("kind")),
                rs.getString("backup_id"),
                rs.getString("request"),
                JobState.valueOf(rs.getString("state")),
                rs.getBoolean("cancel_requested"),
                rs.getInt("attempt"),
                new JobProgress(
                        rs.getDouble("percent"),
                        rs.getLong("bytes"),
                        rs.getLong("records"),
                        rs.getString("current_slice"),
                        etaSeconds),
                rs.getString("result"),
                rs.getString("error"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }
}
