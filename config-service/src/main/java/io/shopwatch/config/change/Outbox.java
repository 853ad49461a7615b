package io.shopwatch.config.change;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The outbox table: messages written with the change they announce, sent later by {@link OutboxRelay}. */
public final class Outbox {

    /** A message not sent yet. */
    record Pending(long id, String topic, String key, byte[] value, int attempts) {}

    private final JdbcTemplate jdbc;

    public Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a message, due at once; runs in the caller's transaction. */
    void add(ChangeMessages.Message message, Instant now) {
        jdbc.update(
                "INSERT INTO config_outbox (topic, message_key, payload, created_at, next_attempt_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                message.topic(),
                message.key(),
                message.value(),
                Timestamp.from(now),
                Timestamp.from(now));
    }

    /**
     * The oldest unsent messages, in order, up to the first one not due yet (so that messages leave in the order they
     * were written); locked for the caller's transaction, skipping rows another replica holds.
     */
    List<Pending> due(Instant now, int limit) {
        List<Pending> rows = jdbc.query(
                "SELECT id, topic, message_key, payload, attempts, next_attempt_at FROM config_outbox"
                        + " WHERE sent_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, i) -> rs.getTimestamp("next_attempt_at").toInstant().isAfter(now)
                        ? null
                        : new Pending(
                                rs.getLong("id"),
                                rs.getString("topic"),
                                rs.getString("message_key"),
                                rs.getBytes("payload"),
                                rs.getInt("attempts")),
                limit);
        int firstNotDue = rows.indexOf(null);
        return firstNotDue < 0 ? rows : rows.subList(0, firstNotDue);
    }

    void sent(long id, Instant at) {
        jdbc.update("UPDATE config_outbox SET sent_at = ? WHERE id = ?", Timestamp.from(at), id);
    }

    void failed(long id, int attempts, Instant nextAttempt, String error) {
        jdbc.update(
                "UPDATE config_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                attempts,
                Timestamp.from(nextAttempt),
                error.length() > 1000 ? error.substring(0, 1000) : error,
                id);
    }

    /**
     * Deletes up to {@code limit} messages sent before {@code before}, oldest first; never one not sent yet. Returns
     * how many were deleted.
     */
    int pruneSent(Instant before, int limit) {
        return jdbc.update(
                "DELETE FROM config_outbox WHERE id IN (SELECT id FROM config_outbox"
                        + " WHERE sent_at IS NOT NULL AND sent_at < ? ORDER BY sent_at LIMIT ?)",
                Timestamp.from(before),
                limit);
    }

    /** Messages not sent yet (a gauge). */
    public long unsent() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM config_outbox WHERE sent_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }
}
