package io.shopwatch.auth.user;

import io.shopwatch.common.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} and {@code role_bindings} tables. */
@Repository
public class UserRepository {

    private static final String BINDING_COLUMNS = "b.user_id, u.username, b.org, b.role, b.disabled, u.platform_admin,"
            + " u.bootstrap, b.created_at, b.updated_at";

    private static final String USER_COLUMNS =
            "id, username, password_hash, platform_admin, bootstrap, created_at, password_changed_at";

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserRecord> findByUsername(String username) {
        return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users WHERE username = ?")
                .param(username)
                .query(UserRepository::user)
                .optional();
    }

    public Optional<UserRecord> findById(long id) {
        return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?")
                .param(id)
                .query(UserRepository::user)
                .optional();
    }

    private static UserRecord user(ResultSet rs, int row) throws SQLException {
        return new UserRecord(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("password_hash"),
                rs.getBoolean("platform_admin"),
                rs.getBoolean("bootstrap"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("password_changed_at").toInstant());
    }

    public long insert(String username, String passwordHash, boolean platformAdmin, boolean bootstrap, Instant now) {
        return jdbc.sql("INSERT INTO users (username, password_hash, platform_admin, bootstrap, created_at,"
                        + " password_changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
                .params(username, passwordHash, platformAdmin, bootstrap, Timestamp.from(now), Timestamp.from(now))
                .query(Long.class)
                .single();
    }

    public void updatePassword(long userId, String passwordHash, Instant now) {
        jdbc.sql("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?")
                .params(passwordHash, Timestamp.from(now), userId)
                .update();
    }

    /** Makes a user the bootstrap platform administrator. */
    public void markBootstrapAdmin(long userId) {
        jdbc.sql("UPDATE users SET platform_admin = TRUE, bootstrap = TRUE WHERE id = ?")
                .param(userId)
                .update();
    }

    /** A user's bindings, oldest first (the first is the org a login without {@code org} goes to). */
    public List<Binding> bindingsOf(long userId) {
        return jdbc.sql("SELECT " + BINDING_COLUMNS + " FROM role_bindings b JOIN users u ON u.id = b.user_id"
                        + " WHERE b.user_id = ? ORDER BY b.created_at, b.org")
                .param(userId)
                .query(UserRepository::binding)
                .list();
    }

    public Optional<Binding> binding(String org, String username) {
        return jdbc.sql("SELECT " + BINDING_COLUMNS + " FROM role_bindings b JOIN users u ON u.id = b.user_id"
                        + " WHERE b.org = ? AND u.username = ?")
                .params(org, username)
                .query(UserRepository::binding)
                .optional();
    }

    /** Lock a binding for update, so that concurrent changes to the last admin cannot both pass. */
    public Optional<Binding> lockBinding(String org, String username) {
        return jdbc.sql("SELECT " + BINDING_COLUMNS + " FROM role_bindings b JOIN users u ON u.id = b.user_id"
                        + " WHERE b.org = ? AND u.username = ? FOR UPDATE OF b")
                .params(org, username)
                .query(UserRepository::binding)
                .optional();
    }

    /** One page of an org's users, by user name. */
    public List<Binding> list(String org, String afterUsername, int limit) {
        return jdbc.sql("SELECT " + BINDING_COLUMNS + " FROM role_bindings b JOIN users u ON u.id = b.user_id"
                        + " WHERE b.org = ? AND u.username > ? ORDER BY u.username LIMIT ?")
                .params(org, afterUsername == null ? "" : afterUsername, limit)
                .query(UserRepository::binding)
                .list();
    }

    public void insertBinding(long userId, String org, Role role, Instant now) {
        jdbc.sql("INSERT INTO role_bindings (user_id, org, role, disabled, created_at, updated_at)"
                        + " VALUES (?, ?, ?, FALSE, ?, ?)")
                .params(userId, org, role.id(), Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    public void updateBinding(long userId, String org, Role role, boolean disabled, Instant now) {
        jdbc.sql("UPDATE role_bindings SET role = ?, disabled = ?, updated_at = ? WHERE user_id = ? AND org = ?")
                .params(role.id(), disabled, Timestamp.from(now), userId, org)
                .update();
    }

    public void deleteBinding(long userId, String org) {
        jdbc.sql("DELETE FROM role_bindings WHERE user_id = ? AND org = ?")
                .params(userId, org)
                .update();
    }

    /** Deletes a user who holds no role anywhere any more; returns whether it did. */
    public boolean deleteIfUnbound(long userId) {
        return jdbc.sql("DELETE FROM users u WHERE u.id = ? AND NOT EXISTS"
                                + " (SELECT 1 FROM role_bindings b WHERE b.user_id = u.id)")
                        .param(userId)
                        .update()
                > 0;
    }

    /** Enabled administrators of an org (platform administrators count only through their own bindings). */
    public int countEnabledAdmins(String org) {
        return jdbc.sql("SELECT count(*) FROM role_bindings WHERE org = ? AND role = 'admin' AND NOT disabled")
                .param(org)
                .query(Integer.class)
                .single();
    }

    private static Binding binding(ResultSet rs, int row) throws SQLException {
        return new Binding(
                rs.getLong("user_id"),
                rs.getString("username"),
                rs.getString("org"),
                Role.fromId(rs.getString("role")).orElseThrow(),
                rs.getBoolean("disabled"),
                rs.getBoolean("platform_admin"),
                rs.getBoolean("bootstrap"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
