package io.shopwatch.store.web;

import io.shopwatch.store.duckdb.DuckDbDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports whether the DuckDB database answers a query; never throws. */
@Component("duckdb")
public class DuckDbHealthIndicator implements HealthIndicator {

    private final DuckDbDatabase db;

    public DuckDbHealthIndicator(DuckDbDatabase db) {
        this.db = db;
    }

    @Override
    public Health health() {
        try (DuckDbDatabase.Lease lease = db.lease();
                Statement s = lease.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM _zo_meta.streams")) {
            rs.next();
            return Health.up()
                    .withDetail("file", db.file().toAbsolutePath().toString())
                    .withDetail("streams", rs.getLong(1))
                    .build();
        } catch (Exception e) {
            return Health.down()
                    .withDetail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
