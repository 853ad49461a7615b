package io.shopwatch.dashboard.sync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Which OpenObserve dashboard each ShopWatch dashboard was synced to, and at which local hash ({@code sync_state}). */
public class SyncState {

    /** One synced dashboard. */
    public record Entry(String org, String dashboardId, String remoteId, String remoteFolder, String localHash) {}

    private final JdbcClient jdbc;

    public SyncState(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public List<Entry> all() {
        return jdbc.sql("SELECT org, dashboard_id, remote_id, remote_folder, local_hash FROM sync_state")
                .query((rs, row) ->
                        new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    public Optional<Entry> get(String org, String dashboardId) {
        return jdbc.sql("SELECT org, dashboard_id, remote_id, remote_folder, local_hash FROM sync_state"
                        + " WHERE org = ? AND dashboard_id = ?")
                .params(org, dashboardId)
                .query((rs, row) ->
                        new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    public void put(Entry entry, Instant at) {
        jdbc.sql("INSERT INTO sync_state (org, dashboard_id, remote_id, remote_folder, local_hash, synced_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org, dashboard_id) DO UPDATE SET"
                        + " remote_id = EXCLUDED.remote_id, remote_folder = EXCLUDED.remote_folder,"
                        + " local_hash = EXCLUDED.local_hash, synced_at = EXCLUDED.synced_at")
                .params(
                        entry.org(),
                        entry.dashboardId(),
                        entry.remoteId(),
                        entry.remoteFolder(),
                        entry.localHash(),
                        Timestamp.from(at))
                .update();
    }

    public void remove(String org, String dashboardId) {
        jdbc.sql("DELETE FROM sync_state WHERE org = ? AND dashboard_id = ?")
                .params(org, dashboardId)
                .update();
    }
}
