package io.shopwatch.alert.store;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.db.JsonCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * Alerts in PostgreSQL. Writes are conditional on the version the writer merged against, in one batch per request;
 * {@link #changesSince} reads what other replicas wrote, using transaction ids so that no commit is missed.
 */
public final class JdbcAlertPersistence implements AlertPersistence {

    private static final String UPSERT = """
            INSERT INTO alert (org, fingerprint, labels, annotations, starts_at, ends_at, generator_url, updated_at,
                               timeout, version, tx)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, pg_current_xact_id())
            ON CONFLICT (org, fingerprint) DO UPDATE SET
                labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, starts_at = EXCLUDED.starts_at,
                ends_at = EXCLUDED.ends_at, generator_url = EXCLUDED.generator_url, updated_at = EXCLUDED.updated_at,
                timeout = EXCLUDED.timeout, version = EXCLUDED.version, tx = EXCLUDED.tx
            WHERE alert.version = ?
            """;
    private static final String COLUMNS =
            "org, fingerprint, labels, annotations, starts_at, ends_at, generator_url, updated_at, timeout, version";

    private final DataSource dataSource;

    public JdbcAlertPersistence(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Set<Long> write(String org, List<Write> writes) {
        if (writes.isEmpty()) {
            return Set.of();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Write w : writes) {
                Alert a = w.alert();
                ps.setString(1, org);
                ps.setLong(2, a.fingerprint());
                ps.setString(3, JsonCodec.write(a.labels().asMap()));
                ps.setString(4, JsonCodec.write(a.annotations()));
                ps.setTimestamp(5, Timestamp.from(a.startsAt()));
                ps.setTimestamp(6, Timestamp.from(a.endsAt()));
                ps.setString(7, a.generatorURL());
                ps.setTimestamp(8, Timestamp.from(a.updatedAt()));
                ps.setBoolean(9, a.timeout());
                ps.setLong(10, w.newVersion());
                ps.setLong(11, w.expectedVersion());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            Set<Long> conflicts = new HashSet<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    conflicts.add(writes.get(i).alert().fingerprint());
                }
            }
            return conflicts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store alerts: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredAlert> read(String org, Collection<Long> fingerprints) {
        List<StoredAlert> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM alert WHERE org = ? AND fingerprint = ANY (?)")) {
            ps.setString(1, org);
            ps.setArray(2, c.createArrayOf("bigint", fingerprints.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alerts: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String org, Collection<StoredAlert> alerts) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM alert WHERE org = ? AND fingerprint = ? AND version = ?")) {
            for (StoredAlert s : alerts) {
                ps.setString(1, org);
                ps.setLong(2, s.alert().fingerprint());
                ps.setLong(3, s.version());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete alerts: " + e.getMessage(), e);
        }
    }

    @Override
    public void archive(String org, Collection<Alert> resolved) {
        if (resolved.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO resolved_alert (org, fingerprint, starts_at, ends_at, labels, annotations)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (org, fingerprint, starts_at) DO UPDATE SET ends_at = EXCLUDED.ends_at,
                            labels = EXCLUDED.labels, annotations = EXCLUDED.annotations
                        """)) {
            for (Alert a : resolved) {
                ps.setString(1, org);
                ps.setLong(2, a.fingerprint());
                ps.setTimestamp(3, Timestamp.from(a.startsAt()));
                ps.setTimestamp(4, Timestamp.from(a.endsAt()));
                ps.setString(5, JsonCodec.write(a.labels().asMap()));
                ps.setString(6, JsonCodec.write(a.annotations()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot archive resolved alerts: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Alert> archivedSince(String org, Instant since, int limit) {
        List<Alert> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT labels, annotations, starts_at, ends_at FROM resolved_alert
                        WHERE org = ? AND ends_at >= ? ORDER BY ends_at DESC LIMIT ?
                        """)) {
            ps.setString(1, org);
            ps.setTimestamp(2, Timestamp.from(since));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant end = rs.getTimestamp("ends_at").toInstant();
                    out.add(new Alert(
                            LabelSet.of(JsonCodec.stringMap(rs.getString("labels"))),
                            JsonCodec.stringMap(rs.getString("annotations")),
                            rs.getTimestamp("starts_at").toInstant(),
                            end,
                            "",
                            end,
                            false));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read resolved alerts: " + e.getMessage(), e);
        }
    }

    @Override
    public int pruneArchive(Instant before) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM resolved_alert WHERE ends_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune resolved alerts: " + e.getMessage(), e);
        }
    }

    /**
     * Hands every alert written by a transaction at or after {@code horizon} to {@code sink} and returns the next
     * horizon: the oldest transaction still running when the read began (rows of transactions that commit later are
     * read next time).
     */
    public String changesSince(String horizon, BiConsumer<String, StoredAlert> sink) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String next = currentHorizon(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE tx >= ?::xid8")) {
                ps.setString(1, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getString("org"), row(rs));
                    }
                }
            }
            return next;
        }
    }

    /** The oldest transaction id still running (everything before it has committed or aborted). */
    public static String currentHorizon(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static StoredAlert row(ResultSet rs) throws SQLException {
        Alert a = new Alert(
                LabelSet.of(JsonCodec.stringMap(rs.getString("labels"))),
                JsonCodec.stringMap(rs.getString("annotations")),
                rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(),
                rs.getString("generator_url"),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getBoolean("timeout"));
        return new StoredAlert(a, rs.getLong("version"));
    }
}
