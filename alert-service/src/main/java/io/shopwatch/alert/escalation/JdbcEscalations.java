package io.shopwatch.alert.escalation;

import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationCodec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Escalations in PostgreSQL: they survive restarts and fail over with the dispatch lease. */
public final class JdbcEscalations implements Escalations {

    private static final String COLUMNS =
            "org, group_id, group_key, receiver, policy, started_at, round, next_step, next_at, payload";

    private final JdbcClient jdbc;

    public JdbcEscalations(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void start(EscalationState s) {
        update(
                "INSERT INTO alert_escalation (" + COLUMNS + ", status, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', now())"
                        + " ON CONFLICT (org, group_id, receiver) DO UPDATE SET payload = EXCLUDED.payload,"
                        + " updated_at = now()",
                s.org(),
                s.groupId(),
                s.groupKey(),
                s.receiver(),
                s.policy(),
                Timestamp.from(s.roundStart()),
                s.round(),
                s.nextStep(),
                Timestamp.from(s.nextAt()),
                NotificationCodec.write(s.snapshot()));
    }

    @Override
    public void stop(String org, String groupId) {
        update("DELETE FROM alert_escalation WHERE org = ? AND group_id = ?", org, groupId);
    }

    @Override
    public List<EscalationState> due(Instant now, int limit) {
        return query(
                "SELECT " + COLUMNS + " FROM alert_escalation WHERE status = 'active' AND next_at <= ?"
                        + " ORDER BY next_at LIMIT ?",
                Timestamp.from(now),
                limit);
    }

    @Override
    public void update(EscalationState s) {
        update(
                "UPDATE alert_escalation SET started_at = ?, round = ?, next_step = ?, next_at = ?, updated_at = now()"
                        + " WHERE org = ? AND group_id = ? AND receiver = ?",
                Timestamp.from(s.roundStart()),
                s.round(),
                s.nextStep(),
                Timestamp.from(s.nextAt()),
                s.org(),
                s.groupId(),
                s.receiver());
    }

    @Override
    public void delete(EscalationState s) {
        update(
                "DELETE FROM alert_escalation WHERE org = ? AND group_id = ? AND receiver = ?",
                s.org(),
                s.groupId(),
                s.receiver());
    }

    @Override
    public List<EscalationState> forGroup(String org, String groupId) {
        return query(
                "SELECT " + COLUMNS + " FROM alert_escalation WHERE org = ? AND group_id = ? ORDER BY receiver",
                org,
                groupId);
    }

    @Override
    public void refresh(String org, String groupId, String receiver, Notification snapshot) {
        update(
                "UPDATE alert_escalation SET payload = ?, updated_at = now() WHERE org = ? AND group_id = ?"
                        + " AND receiver = ?",
                NotificationCodec.write(snapshot),
                org,
                groupId,
                receiver);
    }

    private int update(String sql, Object... args) {
        return jdbc.sql(sql).params(args).update();
    }

    private List<EscalationState> query(String sql, Object... args) {
        return jdbc.sql(sql)
                .params(args)
                .query((rs, row) -> new EscalationState(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getInt(7),
                        rs.getInt(8),
                        rs.getTimestamp(9).toInstant(),
                        NotificationCodec.read(rs.getString(10))))
                .list();
    }
}
