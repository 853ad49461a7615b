package io.shopwatch.config.gray;

import io.shopwatch.config.release.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Gray releases and the instances' acknowledgements in PostgreSQL. */
@Repository
public class GrayStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, org, application, profile, release_id, base_release_id, instances,"
            + " labels, state, reason, created_by, created_at, ended_by, ended_at";

    private final JdbcTemplate jdbc;

    public GrayStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new ACTIVE gray release and returns its id. */
    public long insert(GrayRelease g) {
        Target t = g.target();
        return jdbc.queryForObject(
                "INSERT INTO config_gray (org, application, profile, release_id, base_release_id, instances, labels,"
                        + " state, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " RETURNING id",
                Long.class,
                t.org(),
                t.application(),
                t.profile(),
                g.releaseId(),
                g.baseReleaseId(),
                JSON.writeValueAsString(g.rule().instances()),
                JSON.writeValueAsString(g.rule().labels()),
                g.state().name(),
                g.reason(),
                g.createdBy(),
                Timestamp.from(g.createdAt()));
    }

    /** The gray release in progress, locked for the rest of the transaction when {@code forUpdate}. */
    public Optional<GrayRelease> active(Target t, boolean forUpdate) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM config_gray WHERE org = ? AND application = ? AND profile = ?"
                                + " AND state = 'ACTIVE'" + (forUpdate ? " FOR UPDATE" : ""),
                        GrayStore::gray,
                        t.org(),
                        t.application(),
                        t.profile())
                .stream()
                .findFirst();
    }

    /** The newest gray release of the target, in any state. */
    public Optional<GrayRelease> latest(Target t) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM config_gray WHERE org = ? AND application = ? AND profile = ?"
                                + " ORDER BY id DESC LIMIT 1",
                        GrayStore::gray,
                        t.org(),
                        t.application(),
                        t.profile())
                .stream()
                .findFirst();
    }

    /** Ends a gray release: PROMOTED or ABANDONED. */
    public void end(long id, GrayState state, String actor, Instant at) {
        jdbc.update(
                "UPDATE config_gray SET state = ?, ended_by = ?, ended_at = ? WHERE id = ?",
                state.name(),
                actor,
                Timestamp.from(at),
                id);
    }

    /** Keeps an instance's last acknowledgement. */
    public void saveAck(String org, String application, InstanceAck ack) {
        jdbc.update(
                """
                INSERT INTO config_instance
                    (org, application, instance_id, profiles, labels, version, releases, acked_at, url)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (org, application, instance_id) DO UPDATE
                SET profiles = EXCLUDED.profiles, labels = EXCLUDED.labels, version = EXCLUDED.version,
                    releases = EXCLUDED.releases, acked_at = EXCLUDED.acked_at, url = EXCLUDED.url
                """,
                org,
                application,
                ack.instance().id(),
                ack.profiles(),
                JSON.writeValueAsString(ack.instance().labels()),
                ack.version(),
                JSON.writeValueAsString(ack.releases()),
                Timestamp.from(ack.ackedAt()),
                ack.url());
    }

    /** The last acknowledgement of every instance of an application, by instance id. */
    public List<InstanceAck> acks(String org, String application) {
        return jdbc.query(
                "SELECT instance_id, profiles, labels, version, releases, acked_at, url FROM config_instance"
                        + " WHERE org = ? AND application = ? ORDER BY instance_id",
                (rs, i) -> new InstanceAck(
                        new Instance(rs.getString("instance_id"), labels(rs.getString("labels"))),
                        rs.getString("profiles"),
                        rs.getString("version"),
                        JSON.readValue(rs.getString("releases"), new TypeReference<List<Long>>() {}),
                        rs.getTimestamp("acked_at").toInstant(),
                        rs.getString("url")),
                org,
                application);
    }

    private static SortedMap<String, String> labels(String json) {
        return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    }

    private static GrayRelease gray(ResultSet rs, int row) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new GrayRelease(
                rs.getLong("id"),
                new Target(rs.getString("org"), rs.getString("application"), rs.getString("profile")),
                rs.getLong("release_id"),
                rs.getLong("base_release_id"),
                new GrayRule(
                        new TreeSet<>(JSON.readValue(rs.getString("instances"), new TypeReference<List<String>>() {})),
                        labels(rs.getString("labels"))),
                GrayState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("ended_by"),
                ended == null ? null : ended.toInstant());
    }
}
