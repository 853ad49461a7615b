package io.shopwatch.auth.apikey;

import io.shopwatch.common.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_keys} table. */
@Repository
public class ApiKeyRepository {

    private static final String COLUMNS = "id, org, name, role, secret_hash, created_at, created_by, expires_at,"
            + " revoked_at, revoked_by, last_used_at";

    private final JdbcClient jdbc;

    public ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiKeyRecord key) {
        jdbc.sql("INSERT INTO api_keys (id, org, name, role, secret_hash, created_at, created_by, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        key.id(),
                        key.org(),
                        key.name(),
                        key.role().id(),
                        key.secretHash(),
                        Timestamp.from(key.createdAt()),
                        key.createdBy(),
                        timestamp(key.expiresAt()))
                .update();
    }

    public Optional<ApiKeyRecord> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")
                .param(id)
                .query(ApiKeyRepository::row)
                .optional();
    }

    public List<ApiKeyRecord> list(String org, boolean includeRevoked) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE org = ?"
                        + (includeRevoked ? "" : " AND revoked_at IS NULL") + " ORDER BY created_at, id")
                .param(org)
                .query(ApiKeyRepository::row)
                .list();
    }

    public int countActive(String org) {
        return jdbc.sql("SELECT count(*) FROM api_keys WHERE org = ? AND revoked_at IS NULL")
                .param(org)
                .query(Integer.class)
                .single();
    }

    /** Revokes an active key; returns whether it was active. */
    public boolean revoke(String id, String by, Instant at) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
                        .params(Timestamp.from(at), by, id)
                        .update()
                > 0;
    }

    public void touch(String id, Instant at) {
        jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                .params(Timestamp.from(at), id)
                .update();
    }

    private static ApiKeyRecord row(ResultSet rs, int i) throws SQLException {
        return new ApiKeyRecord(
                rs.getString("id"),
                rs.getString("org"),
                rs.getString("name"),
                Role.fromId(rs.getString("role")).orElseThrow(),
                rs.getBytes("secret_hash"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("revoked_at")),
                rs.getString("revoked_by"),
                instant(rs.getTimestamp("last_used_at")));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
