package io.shopwatch.alert.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The stored Alertmanager configurations of every organisation, versioned; the highest version is in force. */
public final class ConfigRepository {

    /** One stored version. */
    public record Version(String org, int version, String yaml, Instant createdAt, String createdBy) {}

    private final DataSource dataSource;

    public ConfigRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a new version and returns its number. */
    public int save(String org, String yaml, String createdBy) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO alert_config (org, version, yaml, created_by)
                            SELECT ?, coalesce(max(version), 0) + 1, ?, ? FROM alert_config WHERE org = ?
                            RETURNING version
                            """)) {
                ps.setString(1, org);
                ps.setString(2, yaml);
                ps.setString(3, createdBy);
                ps.setString(4, org);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState()) || attempt > 5) {
                    throw new IllegalStateException("cannot store configuration: " + e.getMessage(), e);
                }
            }
        }
    }

    public Optional<Version> latest(String org) {
        return query(
                        "SELECT org, version, yaml, created_at, created_by FROM alert_config WHERE org = ?"
                                + " ORDER BY version DESC LIMIT 1",
                        org,
                        null)
                .stream()
                .findFirst();
    }

    public Optional<Version> version(String org, int version) {
        return query(
                        "SELECT org, version, yaml, created_at, created_by FROM alert_config WHERE org = ?"
                                + " AND version = ?",
                        org,
                        version)
                .stream()
                .findFirst();
    }

    /** Versions of an organisation, newest first, without their text. */
    public List<Version> versions(String org) {
        return query(
                "SELECT org, version, '' AS yaml, created_at, created_by FROM alert_config WHERE org = ?"
                        + " ORDER BY version DESC LIMIT 100",
                org,
                null);
    }

    /** The highest version of every organisation that has one. */
    public Map<String, Integer> latestVersions() {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT org, max(version) FROM alert_config GROUP BY org");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read configuration versions: " + e.getMessage(), e);
        }
    }

    private List<Version> query(String sql, String org, Integer version) {
        List<Version> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, org);
            if (version != null) {
                ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read configuration: " + e.getMessage(), e);
        }
    }
}
