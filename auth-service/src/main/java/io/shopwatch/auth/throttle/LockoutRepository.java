package io.shopwatch.auth.throttle;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code login_failures} table: failed-login counts and lockouts per user name, shared by all replicas. */
@Repository
public class LockoutRepository {

    private final JdbcClient jdbc;

    public LockoutRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Until when the user name is locked, if it is locked at {@code now}. */
    public Optional<Instant> lockedUntil(String username, Instant now) {
        return jdbc.sql("SELECT locked_until FROM login_failures WHERE username = ? AND locked_until > ?")
                .params(username, Timestamp.from(now))
                .query((rs, i) -> rs.getTimestamp("locked_until").toInstant())
                .optional();
    }

    /**
     * Counts a failure and locks the user name when it reached {@code maxFailures}; returns the new lock's end when
     * this failure locked it.
     */
    @Transactional
    public Optional<Instant> recordFailure(
            String username, Instant now, Duration window, int maxFailures, Duration lockout) {
        int failures = jdbc.sql("INSERT INTO login_failures (username, failures, last_failure_at) VALUES (?, 1, ?)"
                        + " ON CONFLICT (username) DO UPDATE SET failures = CASE"
                        + " WHEN login_failures.last_failure_at < ? OR login_failures.locked_until <= ? THEN 1"
                        + " ELSE login_failures.failures + 1 END,"
                        + " locked_until = CASE WHEN login_failures.locked_until <= ? THEN NULL"
                        + " ELSE login_failures.locked_until END,"
                        + " last_failure_at = EXCLUDED.last_failure_at"
                        + " RETURNING failures")
                .params(
                        username,
                        Timestamp.from(now),
                        Timestamp.from(now.minus(window)),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .query(Integer.class)
                .single();
        if (failures < maxFailures) {
            return Optional.empty();
        }
        Instant until = now.plus(lockout);
        jdbc.sql("UPDATE login_failures SET locked_until = ?, failures = 0 WHERE username = ?")
                .params(Timestamp.from(until), username)
                .update();
        return Optional.of(until);
    }

    /** Forgets failures and lock (after a successful login, or when an administrator unlocks). */
    public boolean clear(String username) {
        return jdbc.sql("DELETE FROM login_failures WHERE username = ?")
                        .param(username)
                        .update()
                > 0;
    }

    /** Deletes rows that no longer lock anything and whose failures no longer count. */
    public int deleteStale(Instant now, Duration window) {
        return jdbc.sql("DELETE FROM login_failures WHERE last_failure_at < ? AND (locked_until IS NULL OR"
                        + " locked_until < ?)")
                .params(Timestamp.from(now.minus(window)), Timestamp.from(now))
                .update();
    }
}
