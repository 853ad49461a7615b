package io.shopwatch.dashboard.store;

import io.shopwatch.dashboard.model.Dashboards;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link DashboardStore} in PostgreSQL: the document in a JSONB column, the listed fields beside it. */
public class JdbcDashboardStore implements DashboardStore {

    private static final String COLUMNS =
            "org, dashboard_id, folder_id, title, description, document::text AS document,"
                    + " revision, hash, managed_by, managed_rev, created_at, updated_at";

    private final JdbcClient jdbc;

    public JdbcDashboardStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public List<Folder> folders(String org) {
        return jdbc.sql("SELECT * FROM folders WHERE org = ? ORDER BY lower(name), folder_id")
                .param(org)
                .query(JdbcDashboardStore::folder)
                .list();
    }

    @Override
    public Optional<Folder> folder(String org, String folderId) {
        return jdbc.sql("SELECT * FROM folders WHERE org = ? AND folder_id = ?")
                .params(org, folderId)
                .query(JdbcDashboardStore::folder)
                .optional();
    }

    @Override
    public boolean insertFolder(Folder f) {
        return jdbc.sql("INSERT INTO folders (org, folder_id, name, description, created_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(f.org(), f.folderId(), f.name(), f.description(), ts(f.createdAt()), ts(f.updatedAt()))
                        .update()
                == 1;
    }

    @Override
    public boolean updateFolder(Folder f) {
        return jdbc.sql("UPDATE folders SET name = ?, description = ?, updated_at = ? WHERE org = ? AND folder_id = ?")
                        .params(f.name(), f.description(), ts(f.updatedAt()), f.org(), f.folderId())
                        .update()
                == 1;
    }

    @Override
    public boolean deleteFolder(String org, String folderId) {
        return jdbc.sql("DELETE FROM folders WHERE org = ? AND folder_id = ?")
                        .params(org, folderId)
                        .update()
                == 1;
    }

    @Override
    public List<StoredDashboard> list(String org, String folderId, String titlePart) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dashboards WHERE org = :org");
        if (folderId != null) {
            sql.append(" AND folder_id = :folder");
        }
        if (titlePart != null && !titlePart.isBlank()) {
            sql.append(" AND strpos(lower(title), lower(:title)) > 0");
        }
        sql.append(" ORDER BY lower(title), dashboard_id");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("org", org);
        if (folderId != null) {
            statement = statement.param("folder", folderId);
        }
        if (titlePart != null && !titlePart.isBlank()) {
            statement = statement.param("title", titlePart);
        }
        return statement.query(JdbcDashboardStore::dashboard).list();
    }

    @Override
    public Optional<StoredDashboard> get(String org, String dashboardId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dashboards WHERE org = ? AND dashboard_id = ?")
                .params(org, dashboardId)
                .query(JdbcDashboardStore::dashboard)
                .optional();
    }

    @Override
    public List<StoredDashboard> listAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dashboards ORDER BY org, dashboard_id")
                .query(JdbcDashboardStore::dashboard)
                .list();
    }

    @Override
    public Optional<StoredDashboard> findManaged(String org, String managedBy) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dashboards WHERE org = ? AND managed_by = ?")
                .params(org, managedBy)
                .query(JdbcDashboardStore::dashboard)
                .optional();
    }

    @Override
    public boolean detachedFrom(String org, String managedBy) {
        return jdbc.sql("SELECT count(*) FROM dashboards WHERE org = ? AND managed_by IS NULL AND managed_rev = ?")
                        .params(org, "detached:" + managedBy)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    @Override
    public List<StoredDashboard> listManaged(String managedByPrefix) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dashboards WHERE starts_with(managed_by, ?)")
                .param(managedByPrefix)
                .query(JdbcDashboardStore::dashboard)
                .list();
    }

    @Override
    public void insert(StoredDashboard d) {
        jdbc.sql("INSERT INTO dashboards (org, dashboard_id, folder_id, title, description, document, revision, hash,"
                        + " managed_by, managed_rev, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)")
                .params(
                        d.org(),
                        d.dashboardId(),
                        d.folderId(),
                        d.title(),
                        d.description(),
                        Dashboards.JSON.writeValueAsString(d.document()),
                        d.revision(),
                        d.hash(),
                        d.managedBy(),
                        d.managedRevision(),
                        ts(d.createdAt()),
                        ts(d.updatedAt()))
                .update();
    }

    @Override
    public boolean replace(StoredDashboard d, String expectedHash) {
        return jdbc.sql("UPDATE dashboards SET folder_id = ?, title = ?, description = ?, document = CAST(? AS jsonb),"
                                + " revision = ?, hash = ?, managed_by = ?, managed_rev = ?, updated_at = ?"
                                + " WHERE org = ? AND dashboard_id = ? AND hash = ?")
                        .params(
                                d.folderId(),
                                d.title(),
                                d.description(),
                                Dashboards.JSON.writeValueAsString(d.document()),
                                d.revision(),
                                d.hash(),
                                d.managedBy(),
                                d.managedRevision(),
                                ts(d.updatedAt()),
                                d.org(),
                                d.dashboardId(),
                                expectedHash)
                        .update()
                == 1;
    }

    @Override
    public boolean delete(String org, String dashboardId, String expectedHash) {
        if (expectedHash == null) {
            return jdbc.sql("DELETE FROM dashboards WHERE org = ? AND dashboard_id = ?")
                            .params(org, dashboardId)
                            .update()
                    == 1;
        }
        return jdbc.sql("DELETE FROM dashboards WHERE org = ? AND dashboard_id = ? AND hash = ?")
                        .params(org, dashboardId, expectedHash)
                        .update()
                == 1;
    }

    @Override
    public int countInFolder(String org, String folderId) {
        return jdbc.sql("SELECT count(*) FROM dashboards WHERE org = ? AND folder_id = ?")
                .params(org, folderId)
                .query(Integer.class)
                .single();
    }

    private static Folder folder(ResultSet rs, int row) throws SQLException {
        return new Folder(
                rs.getString("org"),
                rs.getString("folder_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static StoredDashboard dashboard(ResultSet rs, int row) throws SQLException {
        return new StoredDashboard(
                rs.getString("org"),
                rs.getString("dashboard_id"),
                rs.getString("folder_id"),
                rs.getString("title"),
                rs.getString("description"),
                Dashboards.JSON.readTree(rs.getString("document")),
                rs.getLong("revision"),
                rs.getString("hash"),
                rs.getString("managed_by"),
                rs.getString("managed_rev"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
