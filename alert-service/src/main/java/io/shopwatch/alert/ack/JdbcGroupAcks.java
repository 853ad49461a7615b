package io.shopwatch.alert.ack;

import io.shopwatch.alert.notify.NotificationExtras.Ack;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Acknowledgements in PostgreSQL, shared by all replicas and kept across restarts. */
public final class JdbcGroupAcks implements GroupAcks {

    private final DataSource dataSource;

    public JdbcGroupAcks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Ack> get(String org, String groupId, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT acked_by, acked_at, comment, expires_at FROM alert_group_ack WHERE org = ?"
                                + " AND group_id = ? AND expires_at > ?")) {
            ps.setString(1, org);
            ps.setString(2, groupId);
            ps.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Ack(
                        rs.getString(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void put(String org, String groupId, String groupKey, Ack ack) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO alert_group_ack (org, group_id, group_key, acked_by, comment, acked_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (org, group_id) DO UPDATE SET acked_by = EXCLUDED.acked_by,
                            comment = EXCLUDED.comment, acked_at = EXCLUDED.acked_at, expires_at = EXCLUDED.expires_at
                        """)) {
            ps.setString(1, org);
            ps.setString(2, groupId);
            ps.setString(3, groupKey);
            ps.setString(4, ack.by());
            ps.setString(5, ack.comment() == null ? "" : ack.comment());
            ps.setTimestamp(6, Timestamp.from(ack.at()));
            ps.setTimestamp(7, Timestamp.from(ack.expiresAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean clear(String org, String groupId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM alert_group_ack WHERE org = ? AND group_id = ?")) {
            ps.setString(1, org);
            ps.setString(2, groupId);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException("acknowledgements unavailable: " + e.getMessage(), e);
    }
}
