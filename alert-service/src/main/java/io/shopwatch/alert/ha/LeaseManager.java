package io.shopwatch.alert.ha;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * A lease row in PostgreSQL that makes one replica the leader of some work. The database clock decides expiry, so
 * replicas need no synchronised clocks; the token grows on every change of holder and fences the work of a former
 * leader ({@link #holds(Connection)} inside the worker's own transaction).
 */
public final class LeaseManager {

    private final DataSource dataSource;
    private final String name;
    private final String holder;
    private final Duration ttl;

    public LeaseManager(DataSource dataSource, String name, String holder, Duration ttl) {
        this.dataSource = dataSource;
        this.name = name;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** Takes or renews the lease; the token when this replica holds it afterwards. */
    public OptionalLong acquireOrRenew() throws SQLException {
        String sql = """
                INSERT INTO lease (name, holder, token, expires_at)
                VALUES (?, ?, 1, clock_timestamp() + make_interval(secs => ?))
                ON CONFLICT (name) DO UPDATE SET
                    token = CASE WHEN lease.holder = EXCLUDED.holder AND lease.expires_at > clock_timestamp()
                                 THEN lease.token ELSE lease.token + 1 END,
                    holder = EXCLUDED.holder,
                    expires_at = EXCLUDED.expires_at
                WHERE lease.holder = EXCLUDED.holder OR lease.expires_at <= clock_timestamp()
                RETURNING token
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.setDouble(3, ttl.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Gives the lease up at once, so that a standby takes over without waiting for expiry. */
    public void release() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE lease SET expires_at = clock_timestamp() WHERE name = ? AND holder = ?")) {
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    /**
     * Whether this replica holds the lease, checked in the caller's transaction; the row stays share-locked until it
     * ends, so the lease cannot change hands before the caller's writes are committed.
     */
    public boolean holds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM lease WHERE name = ? AND holder = ? AND expires_at > clock_timestamp() FOR SHARE")) {
            ps.setString(1, name);
            ps.setString(2, holder);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The current holder, if the lease is held. */
    public java.util.Optional<String> currentHolder() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT holder FROM lease WHERE name = ? AND expires_at > clock_timestamp()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    public String holder() {
        return holder;
    }
}
