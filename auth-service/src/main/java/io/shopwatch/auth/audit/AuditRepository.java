package io.shopwatch.auth.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The {@code audit_events} table: the log itself and the outbox of the Kafka shipper. */
@Repository
public class AuditRepository {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};
    private static final String COLUMNS =
            "id, event_id, occurred_at, org, actor, actor_kind, action, outcome, target, ip, details::text AS details";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public AuditRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(UUID id, Instant at, AuditEvent event) {
        jdbc.sql("INSERT INTO audit_events (event_id, occurred_at, org, actor, actor_kind, action, outcome, target, ip,"
                        + " details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")
                .params(
                        id,
                        Timestamp.from(at),
                        event.org(),
                        event.actor(),
                        event.actorKind(),
                        event.action().id(),
                        event.outcome().id(),
                        event.target(),
                        event.ip(),
                        json.writeValueAsString(event.details()))
                .update();
    }

    public List<AuditEntry> find(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE TRUE");
        List<Object> params = new ArrayList<>();
        condition(sql, params, " AND org = ?", query.org());
        condition(sql, params, " AND action = ?", query.action());
        condition(sql, params, " AND actor = ?", query.actor());
        condition(sql, params, " AND outcome = ?", query.outcome());
        condition(sql, params, " AND occurred_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
        condition(sql, params, " AND occurred_at < ?", query.to() == null ? null : Timestamp.from(query.to()));
        condition(sql, params, " AND id < ?", query.before());
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(query.limit());
        return jdbc.sql(sql.toString()).params(params).query(this::entry).list();
    }

    /** The oldest unshipped events, locked for this transaction (other replicas skip them). */
    public List<AuditEntry> lockUnshipped(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_events WHERE shipped_at IS NULL ORDER BY id LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED")
                .param(limit)
                .query(this::entry)
                .list();
    }

    public void markShipped(List<Long> seqs, Instant at) {
        if (seqs.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE audit_events SET shipped_at = ? WHERE id = ANY(?)")
                .params(Timestamp.from(at), seqs.toArray(Long[]::new))
                .update();
    }

    public long countUnshipped() {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE shipped_at IS NULL")
                .query(Long.class)
                .single();
    }

    public int deleteBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM audit_events WHERE occurred_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getString("event_id"),
                rs.getLong("id"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("org"),
                rs.getString("actor"),
                rs.getString("actor_kind"),
                rs.getString("action"),
                rs.getString("outcome"),
                rs.getString("target"),
                rs.getString("ip"),
                json.readValue(rs.getString("details"), DETAILS));
    }
}
