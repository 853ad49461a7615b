package io.shopwatch.dashboard.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The versions of the packs an org has had installed ({@code pack_installs}). */
public class PackInstalls {

    private final JdbcClient jdbc;

    public PackInstalls(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Pack id → installed version for one org. */
    public Map<String, Integer> installed(String org) {
        return jdbc
                .sql("SELECT pack_id, version FROM pack_installs WHERE org = ?")
                .param(org)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public void record(String org, String packId, int version, Instant at) {
        jdbc.sql("INSERT INTO pack_installs (org, pack_id, version, installed_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (org, pack_id) DO UPDATE SET version = EXCLUDED.version,"
                        + " installed_at = EXCLUDED.installed_at")
                .params(org, packId, version, Timestamp.from(at))
                .update();
    }
}
