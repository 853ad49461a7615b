package io.shopwatch.common.db;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded PostgreSQL a service starts when {@code spring.datasource.url} ({@code DATABASE_URL}) is empty.
 *
 * @param dataDir where its data lives, kept across restarts
 * @param port its port on 127.0.0.1; {@code 0} picks a free one
 * @param schema the schema the service's tables go in (created when missing)
 */
@ConfigurationProperties("shopwatch.embedded-db")
public record EmbeddedDatabaseProperties(String dataDir, int port, String schema) {

    public EmbeddedDatabaseProperties {
        dataDir = dataDir == null || dataDir.isBlank() ? "data/postgres" : dataDir;
        schema = schema == null || schema.isBlank() ? "public" : schema;
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("shopwatch.embedded-db.schema is not a plain identifier: " + schema);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("shopwatch.embedded-db.port is out of range: " + port);
        }
    }
}
