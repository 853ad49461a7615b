package io.shopwatch.alert.silence;

import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.store.JdbcAlertPersistence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/** Silences in PostgreSQL; the newest {@code updatedAt} wins, as in Alertmanager's gossip. */
public final class JdbcSilenceRepository {

    private final DataSource dataSource;

    public JdbcSilenceRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void save(String org, Silence s) {
        String sql = """
                INSERT INTO silence (org, id, matchers, starts_at, ends_at, updated_at, created_by, comment, tx)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, pg_current_xact_id())
                ON CONFLICT (org, id) DO UPDATE SET matchers = EXCLUDED.matchers, starts_at = EXCLUDED.starts_at,
                    ends_at = EXCLUDED.ends_at, updated_at = EXCLUDED.updated_at, created_by = EXCLUDED.created_by,
                    comment = EXCLUDED.comment, tx = EXCLUDED.tx
                WHERE silence.updated_at <= EXCLUDED.updated_at
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            List<Map<String, Object>> matchers = new ArrayList<>();
            for (Matcher m : s.matchers()) {
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("name", m.name());
                mm.put("value", m.value());
                mm.put("isRegex", m.type().isRegex());
                mm.put("isEqual", m.type().isEqual());
                matchers.add(mm);
            }
            ps.setString(1, org);
            ps.setString(2, s.id());
            ps.setString(3, JsonCodec.write(matchers));
            ps.setTimestamp(4, Timestamp.from(s.startsAt()));
            ps.setTimestamp(5, Timestamp.from(s.endsAt()));
            ps.setTimestamp(6, Timestamp.from(s.updatedAt()));
            ps.setString(7, s.createdBy());
            ps.setString(8, s.comment());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store silence " + s.id() + ": " + e.getMessage(), e);
        }
    }

    /** Silences written at or after {@code horizon}; returns the next horizon. */
    public String changesSince(String horizon, BiConsumer<String, Silence> sink) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String next = JdbcAlertPersistence.currentHorizon(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT org, id, matchers, starts_at, ends_at, updated_at, created_by, comment FROM silence"
                            + " WHERE tx >= ?::xid8")) {
                ps.setString(1, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Matcher> matchers = new ArrayList<>();
                        for (Map<String, Object> m : JsonCodec.listOfMaps(rs.getString("matchers"))) {
                            matchers.add(Matcher.of(
                                    (String) m.get("name"),
                                    Matcher.Type.of((Boolean) m.get("isRegex"), (Boolean) m.get("isEqual")),
                                    (String) m.get("value")));
                        }
                        sink.accept(
                                rs.getString("org"),
                                new Silence(
                                        rs.getString("id"),
                                        matchers,
                                        rs.getTimestamp("starts_at").toInstant(),
                                        rs.getTimestamp("ends_at").toInstant(),
                                        rs.getTimestamp("updated_at").toInstant(),
                                        rs.getString("created_by"),
                                        rs.getString("comment")));
                    }
                }
            }
            return next;
        }
    }

    /** Deletes silences that ended before {@code before}. */
    public void deleteEndedBefore(java.time.Instant before) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM silence WHERE ends_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete old silences: " + e.getMessage(), e);
        }
    }
}
