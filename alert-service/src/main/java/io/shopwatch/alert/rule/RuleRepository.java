package io.shopwatch.alert.rule;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Rules, their instances' state and their history in PostgreSQL. */
public final class RuleRepository {

    /** A stored rule. */
    public record StoredRule(String org, String id, RuleSpec spec, String source, long version, Instant updatedAt) {}

    /** One history entry. */
    public record HistoryEntry(
            Instant at, Map<String, String> labels, String from, String to, String severity, double value) {}

    private final DataSource dataSource;

    public RuleRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or replaces a rule (by id); returns the stored version. */
    public StoredRule save(String org, String id, RuleSpec spec, String source) {
        String sql = """
                INSERT INTO alert_rule (org, id, name, spec, source, version)
                VALUES (?, ?, ?, ?, ?, 1)
                ON CONFLICT (org, id) DO UPDATE SET name = EXCLUDED.name, spec = EXCLUDED.spec,
                    source = EXCLUDED.source, version = alert_rule.version + 1, updated_at = now()
                RETURNING version, updated_at
                """;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, org);
            ps.setString(2, id);
            ps.setString(3, spec.name());
            ps.setString(4, JsonCodec.write(spec));
            ps.setString(5, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new StoredRule(
                        org, id, spec, source, rs.getLong(1), rs.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalStateException("a rule named " + spec.name() + " exists already", e);
            }
            throw new IllegalArgumentException("cannot store rule: " + e.getMessage(), e);
        }
    }

    public Optional<StoredRule> find(String org, String id) {
        List<StoredRule> rules = query(
                "SELECT org, id, spec, source, version, updated_at FROM alert_rule WHERE org = ? AND id = ?", org, id);
        return rules.stream().findFirst();
    }

    public Optional<StoredRule> findByName(String org, String name) {
        return query(
                        "SELECT org, id, spec, source, version, updated_at FROM alert_rule WHERE org = ? AND name = ?",
                        org,
                        name)
                .stream()
                .findFirst();
    }

    public List<StoredRule> list(String org) {
        return query(
                "SELECT org, id, spec, source, version, updated_at FROM alert_rule WHERE org = ? ORDER BY name", org);
    }

    public List<StoredRule> all() {
        return query("SELECT org, id, spec, source, version, updated_at FROM alert_rule");
    }

    /** org/id → version of every rule. */
    public Map<String, Long> versions() {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT org, id, version FROM alert_rule");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rules: " + e.getMessage(), e);
        }
    }

    public boolean delete(String org, String id) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_rule WHERE org = ? AND id = ?")) {
                ps.setString(1, org);
                ps.setString(2, id);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rule_instance WHERE org = ? AND rule_id = ?")) {
                ps.setString(1, org);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            c.commit();
            return n > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete rule: " + e.getMessage(), e);
        }
    }

    /** The kept instances of a rule. */
    public Map<LabelSet, RuleInstance> instances(String org, String ruleId) {
        Map<LabelSet, RuleInstance> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT labels, state, severity, value, active_at, fired_at, last_active_at, resolved_at,"
                                + " sent_at, sent_severity FROM rule_instance WHERE org = ? AND rule_id = ?")) {
            ps.setString(1, org);
            ps.setString(2, ruleId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LabelSet labels = LabelSet.of(JsonCodec.stringMap(rs.getString(1)));
                    out.put(
                            labels,
                            new RuleInstance(
                                    labels,
                                    InstanceState.valueOf(rs.getString(2)),
                                    rs.getString(3),
                                    rs.getDouble(4),
                                    instant(rs.getTimestamp(5)),
                                    instant(rs.getTimestamp(6)),
                                    instant(rs.getTimestamp(7)),
                                    instant(rs.getTimestamp(8)),
                                    instant(rs.getTimestamp(9)),
                                    rs.getString(10)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rule instances: " + e.getMessage(), e);
        }
    }

    /** Writes changed instances, deletes dropped ones and appends the transitions, in one transaction. */
    public void saveState(
            String org,
            String ruleId,
            Collection<RuleInstance> changed,
            Collection<LabelSet> dropped,
            List<RuleEvaluation.Transition> transitions,
            Instant at) {
        if (changed.isEmpty() && dropped.isEmpty() && transitions.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("""
                            INSERT INTO rule_instance (org, rule_id, fingerprint, labels, state, severity, value,
                                active_at, fired_at, last_active_at, resolved_at, sent_at, sent_severity)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (org, rule_id, fingerprint) DO UPDATE SET state = EXCLUDED.state,
                                severity = EXCLUDED.severity, value = EXCLUDED.value, active_at = EXCLUDED.active_at,
                                fired_at = EXCLUDED.fired_at, last_active_at = EXCLUDED.last_active_at,
                                resolved_at = EXCLUDED.resolved_at, sent_at = EXCLUDED.sent_at,
                                sent_severity = EXCLUDED.sent_severity
                            """);
                    PreparedStatement del = c.prepareStatement(
                            "DELETE FROM rule_instance WHERE org = ? AND rule_id = ? AND fingerprint = ?");
                    PreparedStatement hist = c.prepareStatement(
                            "INSERT INTO rule_history (org, rule_id, at, labels, from_state, to_state, severity, value)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RuleInstance i : changed) {
                    up.setString(1, org);
                    up.setString(2, ruleId);
                    up.setLong(3, i.labels().fingerprint());
                    up.setString(4, JsonCodec.write(i.labels().asMap()));
                    up.setString(5, i.state().name());
                    up.setString(6, i.severity());
                    up.setDouble(7, finite(i.value()));
                    up.setTimestamp(8, ts(i.activeAt()));
                    up.setTimestamp(9, ts(i.firedAt()));
                    up.setTimestamp(10, ts(i.lastActiveAt()));
                    up.setTimestamp(11, ts(i.resolvedAt()));
                    up.setTimestamp(12, ts(i.sentAt()));
                    up.setString(13, i.sentSeverity());
                    up.addBatch();
                }
                up.executeBatch();
                for (LabelSet l : dropped) {
                    del.setString(1, org);
                    del.setString(2, ruleId);
                    del.setLong(3, l.fingerprint());
                    del.addBatch();
                }
                del.executeBatch();
                for (RuleEvaluation.Transition t : transitions) {
                    hist.setString(1, org);
                    hist.setString(2, ruleId);
                    hist.setTimestamp(3, Timestamp.from(at));
                    hist.setString(4, JsonCodec.write(t.labels().asMap()));
                    hist.setString(5, t.from().name());
                    hist.setString(6, t.to().name());
                    hist.setString(7, t.severity());
                    hist.setDouble(8, finite(t.value()));
                    hist.addBatch();
                }
                hist.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store rule state: " + e.getMessage(), e);
        }
    }

    public List<HistoryEntry> history(String org, String ruleId, int limit) {
        List<HistoryEntry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT at, labels, from_state, to_state, severity, value FROM rule_history"
                                + " WHERE org = ? AND rule_id = ? ORDER BY at DESC, id DESC LIMIT ?")) {
            ps.setString(1, org);
            ps.setString(2, ruleId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(
                            rs.getTimestamp(1).toInstant(),
                            JsonCodec.stringMap(rs.getString(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getDouble(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rule history: " + e.getMessage(), e);
        }
    }

    private List<StoredRule> query(String sql, String... params) {
        List<StoredRule> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredRule(
                            rs.getString(1),
                            rs.getString(2),
                            JsonCodec.MAPPER.readValue(rs.getString(3), RuleSpec.class),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rules: " + e.getMessage(), e);
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : (v > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
