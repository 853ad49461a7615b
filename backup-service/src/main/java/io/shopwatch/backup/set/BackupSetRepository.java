package io.shopwatch.backup.set;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The catalog of verified backup sets in PostgreSQL. */
public class BackupSetRepository {

    private static final String COLUMNS = "id, org, kind, target, range_start, range_end, streams, files, records,"
            + " bytes, manifest_sha256, status, created_at, verified_at, verify_detail, parent";

    private final JdbcClient jdbc;

    public BackupSetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a set whose manifest is written and whose files were verified (replaces a row of a resumed job). */
    public void save(BackupSet set) {
        jdbc.sql("INSERT INTO backup_set (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING")
                .params(
                        set.id(),
                        set.org(),
                        set.kind(),
                        set.target(),
                        set.start(),
                        set.end(),
                        String.join(",", set.streams()),
                        set.files(),
                        set.records(),
                        set.bytes(),
                        set.manifestSha256(),
                        set.status(),
                        Timestamp.from(set.createdAt()),
                        Timestamp.from(set.verifiedAt()),
                        set.verifyDetail(),
                        set.parent())
                .update();
    }

    public Optional<BackupSet> find(String org, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backup_set WHERE org = ? AND id = ?")
                .params(org, id)
                .query(BackupSetRepository::map)
                .optional();
    }

    /** The sets of an org, newest first; only restorable ones unless {@code all}. */
    public List<BackupSet> list(String org, boolean all, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backup_set WHERE org = ? AND (? OR status = ?)"
                        + " ORDER BY created_at DESC LIMIT ?")
                .params(org, all, BackupSet.VERIFIED, limit)
                .query(BackupSetRepository::map)
                .list();
    }

    /** Removes a set from the catalog; false when it was not there. */
    public boolean delete(String org, String id) {
        return jdbc.sql("DELETE FROM backup_set WHERE org = ? AND id = ?")
                        .params(org, id)
                        .update()
                == 1;
    }

    /** Records the outcome of a verify job. */
    public void markVerified(String id, String status, Instant at, String detail) {
        jdbc.sql("UPDATE backup_set SET status = ?, verified_at = ?, verify_detail = ? WHERE id = ?")
                .params(status, Timestamp.from(at), detail, id)
                .update();
    }

    private static BackupSet map(ResultSet rs, int row) throws SQLException {
        long start = rs.getLong("range_start");
        Long rangeStart = rs.wasNull() ? null : start;
        long end = rs.getLong("range_end");
        Long rangeEnd = rs.wasNull() ? null : end;
        String streams = rs.getString("streams");
        return new BackupSet(
                rs.getString("id"),
                rs.getString("org"),
                rs.getString("kind"),
                rs.getString("target"),
                rangeStart,
                rangeEnd,
                streams.isEmpty() ? List.of() : Arrays.asList(streams.split(",")),
                rs.getInt("files"),
                rs.getLong("records"),
                rs.getLong("bytes"),
                rs.getString("manifest_sha256"),
                rs.getString("status"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("verified_at").toInstant(),
                rs.getString("verify_detail"),
                rs.getString("parent"));
    }
}
