package io.shopwatch.auth.org;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code orgs} table. */
@Repository
public class OrgRepository {

    private final JdbcClient jdbc;

    public OrgRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String name) {
        return find(name).isPresent();
    }

    public Optional<OrgRecord> find(String name) {
        return jdbc.sql("SELECT name, created_at, created_by FROM orgs WHERE name = ?")
                .param(name)
                .query((rs, i) -> new OrgRecord(
                        rs.getString("name"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by")))
                .optional();
    }

    /** Inserts an org; returns false when the name is taken. */
    public boolean insert(OrgRecord org) {
        return jdbc.sql("INSERT INTO orgs (name, created_at, created_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(org.name(), Timestamp.from(org.createdAt()), org.createdBy())
                        .update()
                > 0;
    }

    public List<OrgRecord> list(String afterName, int limit) {
        return jdbc.sql("SELECT name, created_at, created_by FROM orgs WHERE name > ? ORDER BY name LIMIT ?")
                .params(afterName == null ? "" : afterName, limit)
                .query((rs, i) -> new OrgRecord(
                        rs.getString("name"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by")))
                .list();
    }
}
