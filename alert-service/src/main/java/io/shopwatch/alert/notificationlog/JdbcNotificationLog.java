package io.shopwatch.alert.notificationlog;

import io.shopwatch.alert.ha.LeaseManager;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.JdbcOutbox;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification log in PostgreSQL, shared by all replicas. A claim reads the entry with a row lock, checks in the
 * same transaction that this replica still holds the dispatch lease (the lease row stays share-locked, so it cannot
 * change hands meanwhile), decides, and records the new entry together with the notification's outbox row before
 * anything is sent. The outbox then owns the delivery, so a failover never decides the same notification twice.
 */
public final class JdbcNotificationLog implements NotificationLog {

    private static final Logger log = LoggerFactory.getLogger(JdbcNotificationLog.class);

    private final DataSource dataSource;
    private final LeaseManager lease;

    public JdbcNotificationLog(DataSource dataSource, LeaseManager lease) {
        this.dataSource = dataSource;
        this.lease = lease;
    }

    @Override
    public Optional<Enqueued> claimAndEnqueue(
            NotificationLogKey key,
            Function<Optional<NotificationLogEntry>, Optional<NotificationReason>> decide,
            NotificationLogEntry next,
            Function<NotificationReason, OutboxEntry.Draft> draft,
            Outbox outbox) {
        OutboxEntry.Draft pending = null;
        Enqueued result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!lease.holds(c)) {
                    c.rollback();
                    log.warn("not sending {}: this replica no longer holds the dispatch lease", key);
                    return Optional.empty();
                }
                Optional<NotificationReason> reason = decide.apply(read(c, key, true));
                if (reason.isEmpty()) {
                    c.commit();
                    return Optional.empty();
                }
                write(c, key, next, "sent");
                OutboxEntry.Draft d = draft.apply(reason.get());
                long id = 0;
                if (d != null && outbox instanceof JdbcOutbox) {
                    id = JdbcOutbox.insert(c, d);
                } else {
                    pending = d;
                }
                c.commit();
                result = new Enqueued(reason.get(), id);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("notification log unavailable: " + e.getMessage(), e);
        }
        if (pending != null) {
            result = new Enqueued(result.reason(), outbox.enqueue(pending));
        }
        return Optional.of(result);
    }

    @Override
    public Optional<NotificationLogEntry> get(NotificationLogKey key) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, key, false);
        } catch (SQLException e) {
            throw new IllegalStateException("notification log unavailable: " + e.getMessage(), e);
        }
    }

    /** Deletes expired entries. */
    public int gc(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM notification_log WHERE expires_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("notification log unavailable: " + e.getMessage(), e);
        }
    }

    private Optional<NotificationLogEntry> read(Connection c, NotificationLogKey key, boolean lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT firing, resolved, tick_at, expires_at FROM notification_log WHERE org = ? AND receiver = ?"
                        + " AND integration = ? AND idx = ? AND group_key = ?" + (lock ? " FOR UPDATE" : ""))) {
            bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new NotificationLogEntry(
                        longs(rs.getArray(1)),
                        longs(rs.getArray(2)),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()));
            }
        }
    }

    private void write(Connection c, NotificationLogKey key, NotificationLogEntry e, String status)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notification_log (org, receiver, integration, idx, group_key, firing, resolved, tick_at,
                                              expires_at, status, holder, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (org, receiver, integration, idx, group_key) DO UPDATE SET firing = EXCLUDED.firing,
                    resolved = EXCLUDED.resolved, tick_at = EXCLUDED.tick_at, expires_at = EXCLUDED.expires_at,
                    status = EXCLUDED.status, holder = EXCLUDED.holder, updated_at = now()
                """)) {
            bindKey(ps, key);
            ps.setArray(6, c.createArrayOf("bigint", e.firing().toArray()));
            ps.setArray(7, c.createArrayOf("bigint", e.resolved().toArray()));
            ps.setTimestamp(8, Timestamp.from(e.timestamp()));
            ps.setTimestamp(9, Timestamp.from(e.expiresAt()));
            ps.setString(10, status);
            ps.setString(11, lease.holder());
            ps.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement ps, NotificationLogKey key) throws SQLException {
        ps.setString(1, key.org());
        ps.setString(2, key.receiver());
        ps.setString(3, key.integration());
        ps.setInt(4, key.index());
        ps.setString(5, key.groupKey());
    }

    private static Set<Long> longs(Array array) throws SQLException {
        Set<Long> out = new HashSet<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add(((Number) o).longValue());
        }
        return out;
    }
}
