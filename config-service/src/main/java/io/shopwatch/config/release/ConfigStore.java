package io.shopwatch.config.release;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Drafts, releases, pointers and history in PostgreSQL. Releases are only ever inserted. */
@Repository
public class ConfigStore {

    private static final String RELEASE_COLUMNS =
            "id, org, application, profile, properties, sha256, author, edited_by, reason, created_at, parent_id";

    private final JdbcTemplate jdbc;

    public ConfigStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void saveDraft(Draft draft) {
        Target t = draft.target();
        jdbc.update(
                """
                INSERT INTO config_draft (org, application, profile, properties, edited_by, edited_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (org, application, profile) DO UPDATE
                SET properties = EXCLUDED.properties, edited_by = EXCLUDED.edited_by, edited_at = EXCLUDED.edited_at
                """,
                t.org(),
                t.application(),
                t.profile(),
                PropertyMaps.toJson(draft.properties()),
                draft.editedBy(),
                Timestamp.from(draft.editedAt()));
    }

    /** The draft, locked for the rest of the transaction when {@code forUpdate}. */
    public Optional<Draft> draft(Target t, boolean forUpdate) {
        List<Draft> drafts = jdbc.query(
                "SELECT properties, edited_by, edited_at FROM config_draft"
                        + " WHERE org = ? AND application = ? AND profile = ?" + (forUpdate ? " FOR UPDATE" : ""),
                (rs, i) -> new Draft(
                        t,
                        PropertyMaps.fromJson(rs.getString("properties")),
                        rs.getString("edited_by"),
                        rs.getTimestamp("edited_at").toInstant()),
                t.org(),
                t.application(),
                t.profile());
        return drafts.stream().findFirst();
    }

    /** Inserts a release and returns its id. */
    public long insertRelease(Release r) {
        Target t = r.target();
        Long id = jdbc.queryForObject(
                """
                INSERT INTO config_release (org, application, profile, properties, sha256, author, edited_by, reason,
                    created_at, parent_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                Long.class,
                t.org(),
                t.application(),
                t.profile(),
                PropertyMaps.toJson(r.properties()),
                r.sha256(),
                r.author(),
                r.editedBy(),
                r.reason(),
                Timestamp.from(r.createdAt()),
                r.parentId());
        return id;
    }

    /** A release of this org by id. */
    public Optional<Release> release(String org, long id) {
        return jdbc
                .query("SELECT " + RELEASE_COLUMNS + " FROM config_release WHERE org = ? AND id = ?", RELEASE, org, id)
                .stream()
                .findFirst();
    }

    /** The releases of a target, newest first. */
    public List<Release> releases(Target t, int limit) {
        return jdbc.query(
                "SELECT " + RELEASE_COLUMNS + " FROM config_release WHERE org = ? AND application = ? AND profile = ?"
                        + " ORDER BY id DESC LIMIT ?",
                RELEASE,
                t.org(),
                t.application(),
                t.profile(),
                limit);
    }

    /** The id of the release in force, locked for the rest of the transaction when {@code forUpdate}. */
    public Optional<Long> pointer(Target t, boolean forUpdate) {
        return jdbc
                .query(
                        "SELECT release_id FROM config_pointer WHERE org = ? AND application = ? AND profile = ?"
                                + (forUpdate ? " FOR UPDATE" : ""),
                        (rs, i) -> rs.getLong(1),
                        t.org(),
                        t.application(),
                        t.profile())
                .stream()
                .findFirst();
    }

    /** The release in force, read in one statement (the config protocol's path). */
    public Optional<Release> releaseInForce(Target t) {
        return jdbc
                .query(
                        "SELECT r.id, r.org, r.application, r.profile, r.properties, r.sha256, r.author, r.edited_by,"
                                + " r.reason, r.created_at, r.parent_id FROM config_pointer p"
                                + " JOIN config_release r ON r.id = p.release_id"
                                + " WHERE p.org = ? AND p.application = ? AND p.profile = ?",
                        RELEASE,
                        t.org(),
                        t.application(),
                        t.profile())
                .stream()
                .findFirst();
    }

    /** The release in force of one application and profile in every org that has one. */
    public List<Release> releasesInForce(String application, String profile) {
        return jdbc.query(
                "SELECT r.id, r.org, r.application, r.profile, r.properties, r.sha256, r.author, r.edited_by,"
                        + " r.reason, r.created_at, r.parent_id FROM config_pointer p"
                        + " JOIN config_release r ON r.id = p.release_id"
                        + " WHERE p.application = ? AND p.profile = ? ORDER BY p.org",
                RELEASE,
                application,
                profile);
    }

    /** Points the target at a release and records the move. */
    public void movePointer(
            Target t, Long from, long to, HistoryEntry.Operation operation, String actor, String reason, Instant at) {
        jdbc.update("""
                INSERT INTO config_pointer (org, application, profile, release_id, moved_by, moved_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (org, application, profile) DO UPDATE
                SET release_id = EXCLUDED.release_id, moved_by = EXCLUDED.moved_by, moved_at = EXCLUDED.moved_at
                """, t.org(), t.application(), t.profile(), to, actor, Timestamp.from(at));
        recordHistory(t, from, to, operation, actor, reason, at);
    }

    /** Records a change of what the target serves (every pointer move, and the gray operations). */
    public void recordHistory(
            Target t, Long from, long to, HistoryEntry.Operation operation, String actor, String reason, Instant at) {
        jdbc.update(
                """
                INSERT INTO config_history (org, application, profile, operation, from_release, to_release, actor,
                    reason, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                t.org(),
                t.application(),
                t.profile(),
                operation.name(),
                from,
                to,
                actor,
                reason,
                Timestamp.from(at));
    }

    /** Whether a gray release of the target is in progress (publish and rollback wait for its end). */
    public boolean grayInProgress(Target t) {
        Integer n = jdbc.queryForObject(
                "SELECT count(*) FROM config_gray WHERE org = ? AND application = ? AND profile = ? AND state = 'ACTIVE'",
                Integer.class,
                t.org(),
                t.application(),
                t.profile());
        return n != null && n > 0;
    }

    /** The pointer's moves, newest first. */
    public List<HistoryEntry> history(Target t, int limit) {
        return jdbc.query(
                "SELECT id, operation, from_release, to_release, actor, reason, at FROM config_history"
                        + " WHERE org = ? AND application = ? AND profile = ? ORDER BY id DESC LIMIT ?",
                (rs, i) -> new HistoryEntry(
                        rs.getLong("id"),
                        HistoryEntry.Operation.valueOf(rs.getString("operation")),
                        (Long) rs.getObject("from_release"),
                        rs.getLong("to_release"),
                        rs.getString("actor"),
                        rs.getString("reason"),
                        rs.getTimestamp("at").toInstant()),
                t.org(),
                t.application(),
                t.profile(),
                limit);
    }

    private static final RowMapper<Release> RELEASE = ConfigStore::release;

    private static Release release(ResultSet rs, int row) throws SQLException {
        return new Release(
                rs.getLong("id"),
                new Target(rs.getString("org"), rs.getString("application"), rs.getString("profile")),
                PropertyMaps.fromJson(rs.getString("properties")),
                rs.getString("sha256"),
                rs.getString("author"),
                rs.getString("edited_by"),
                rs.getString("reason"),
                rs.getTimestamp("created_at").toInstant(),
                (Long) rs.getObject("parent_id"));
    }
}
