package io.shopwatch.alert.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the service keeps its state, under {@code shopwatch.alert.database}.
 *
 * @param url JDBC URL of PostgreSQL; empty to start an embedded PostgreSQL
 * @param user database user
 * @param password its password
 * @param embeddedDir data directory of the embedded PostgreSQL (kept across restarts)
 * @param embeddedPort port of the embedded PostgreSQL, 0 for any free port
 * @param maxPoolSize largest number of pooled connections
 */
@ConfigurationProperties(prefix = "shopwatch.alert.database")
public record DatabaseProperties(
        @DefaultValue("") String url,
        @DefaultValue("postgres") String user,
        @DefaultValue("postgres") String password,
        @DefaultValue("data/alert-service/postgres") String embeddedDir,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("10") int maxPoolSize) {}
