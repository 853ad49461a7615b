package io.shopwatch.alert.outbox;

import io.shopwatch.alert.notify.NotificationCodec;
import io.shopwatch.alert.outbox.OutboxEntry.Status;
import io.shopwatch.alert.outbox.OutboxEntry.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbox in PostgreSQL, shared by all replicas. */
public final class JdbcOutbox implements Outbox {

    private static final String COLUMNS =
            "id, org, receiver, integration, idx, group_key, group_id, decision_key, kind,"
                    + " status, payload, attempts, created_at, next_attempt_at, deadline, last_error, provider_answer,"
                    + " finished_at";

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    public JdbcOutbox(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public long enqueue(OutboxEntry.Draft draft) {
        try (Connection c = dataSource.getConnection()) {
            return insert(c, draft);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Stores a draft on {@code c}, in the caller's transaction; returns the new or existing entry's id. */
    public static long insert(Connection c, OutboxEntry.Draft d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notification_outbox (org, receiver, integration, idx, group_key, group_id, decision_key,
                    kind, status, payload, created_at, next_attempt_at, deadline)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                ON CONFLICT (decision_key) DO NOTHING
                RETURNING id
                """)) {
            Target t = d.target();
            ps.setString(1, t.org());
            ps.setString(2, t.receiver());
            ps.setString(3, t.integration());
            ps.setInt(4, t.index());
            ps.setString(5, d.groupKey());
            ps.setString(6, d.groupId());
            ps.setString(7, d.decisionKey());
            ps.setString(8, d.kind().name().toLowerCase(Locale.ROOT));
            ps.setString(9, NotificationCodec.write(d.notification()));
            ps.setTimestamp(10, Timestamp.from(d.createdAt()));
            ps.setTimestamp(11, Timestamp.from(d.createdAt()));
            ps.setTimestamp(12, Timestamp.from(d.deadline()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM notification_outbox WHERE decision_key = ?")) {
            ps.setString(1, d.decisionKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public int supersede(Target t, String groupKey, long newer) {
        return update(
                "UPDATE notification_outbox SET status = 'superseded', finished_at = now(), locked_by = NULL"
                        + " WHERE org = ? AND receiver = ? AND integration = ? AND idx = ? AND group_key = ?"
                        + " AND kind = 'notification' AND status = 'pending' AND id < ?",
                t.org(),
                t.receiver(),
                t.integration(),
                t.index(),
                groupKey,
                newer);
    }

    @Override
    public Optional<OutboxEntry> acquire(long id, String holder, Instant now, Duration lease) {
        List<OutboxEntry> out = query(
                "UPDATE notification_outbox SET status = 'sending', locked_by = ?, locked_until = ?"
                        + " WHERE id = ? AND status = 'pending' RETURNING " + COLUMNS,
                holder,
                Timestamp.from(now.plus(lease)),
                id);
        return out.stream().findFirst();
    }

    @Override
    public List<OutboxEntry> acquireDue(String holder, Instant now, Duration lease, int limit) {
        return query(
                "UPDATE notification_outbox SET status = 'sending', locked_by = ?, locked_until = ? WHERE id IN ("
                        + "SELECT id FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS,
                holder,
                Timestamp.from(now.plus(lease)),
                Timestamp.from(now),
                limit);
    }

    @Override
    public void delivered(long id, int attempts, String answer, Instant at) {
        update(
                "UPDATE notification_outbox SET status = 'delivered', attempts = ?, provider_answer = ?,"
                        + " finished_at = ?, locked_by = NULL, locked_until = NULL WHERE id = ?",
                attempts,
                answer,
                Timestamp.from(at),
                id);
    }

    @Override
    public void retryLater(long id, int attempts, Instant next, String error, String answer) {
        update(
                "UPDATE notification_outbox SET status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ?,"
                        + " provider_answer = ?, locked_by = NULL, locked_until = NULL WHERE id = ?"
                        + " AND status = 'sending'",
                attempts,
                Timestamp.from(next),
                error,
                answer,
                id);
    }

    @Override
    public void finish(long id, Status status, int attempts, String error, String answer, Instant at) {
        update(
                "UPDATE notification_outbox SET status = ?, attempts = ?, last_error = ?, provider_answer = ?,"
                        + " finished_at = ?, locked_by = NULL, locked_until = NULL WHERE id = ?",
                status.name().toLowerCase(Locale.ROOT),
                attempts,
                error,
                answer,
                Timestamp.from(at),
                id);
    }

    @Override
    public int releaseLapsedLocks(Instant now) {
        return update(
                "UPDATE notification_outbox SET status = 'pending', locked_by = NULL, locked_until = NULL"
                        + " WHERE status = 'sending' AND locked_until < ?",
                Timestamp.from(now));
    }

    @Override
    public boolean retry(String org, long id, Instant now, Instant deadline) {
        return update(
                        "UPDATE notification_outbox SET status = 'pending', next_attempt_at = ?, deadline = ?,"
                                + " finished_at = NULL WHERE org = ? AND id = ? AND status IN ('failed', 'expired')",
                        Timestamp.from(now),
                        Timestamp.from(deadline),
                        org,
                        id)
                > 0;
    }

    @Override
    public Optional<OutboxEntry> get(String org, long id) {
        return query("SELECT " + COLUMNS + " FROM notification_outbox WHERE org = ? AND id = ?", org, id).stream()
                .findFirst();
    }

    @Override
    public List<OutboxEntry> list(String org, Optional<Status> status, Optional<String> receiver, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM notification_outbox WHERE org = ?");
        List<Object> args = new ArrayList<>(List.of(org));
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s.name().toLowerCase(Locale.ROOT));
        });
        receiver.ifPresent(r -> {
            sql.append(" AND receiver = ?");
            args.add(r);
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return query(sql.toString(), args.toArray());
    }

    @Override
    public int gc(Instant before) {
        return update(
                "DELETE FROM notification_outbox WHERE status NOT IN ('pending', 'sending') AND finished_at < ?",
                Timestamp.from(before));
    }

    private int update(String sql, Object... args) {
        return jdbc.sql(sql).params(args).update();
    }

    private List<OutboxEntry> query(String sql, Object... args) {
        return jdbc.sql(sql).params(args).query((rs, row) -> entry(rs)).list();
    }

    private static OutboxEntry entry(ResultSet rs) throws SQLException {
        return new OutboxEntry(
                rs.getLong("id"),
                new Target(
                        rs.getString("org"), rs.getString("receiver"), rs.getString("integration"), rs.getInt("idx")),
                rs.getString("group_key"),
                rs.getString("group_id"),
                rs.getString("decision_key"),
                OutboxEntry.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                NotificationCodec.read(rs.getString("payload")),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "next_attempt_at"),
                instant(rs, "deadline"),
                rs.getString("last_error"),
                rs.getString("provider_answer"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException("notification outbox unavailable: " + e.getMessage(), e);
    }
}
