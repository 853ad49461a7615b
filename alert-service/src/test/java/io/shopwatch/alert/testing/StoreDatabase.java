package io.shopwatch.alert.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import org.flywaydb.core.Flyway;

/** A fresh database on the embedded PostgreSQL with alert-service's schema, for the JDBC side of store contracts. */
public final class StoreDatabase {

    private StoreDatabase() {}

    public static HikariDataSource create(String name) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedPostgresSupport.newDatabase(name));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        dataSource.setMaximumPoolSize(4);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
