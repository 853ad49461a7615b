package io.shopwatch.dashboard;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.store.EmbeddedStoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One embedded store (OpenObserve's API on DuckDB) for the test JVM, started on first use. */
public final class TestStore {

    public static final String USER = "root@example.com";
    public static final String PASSWORD = "dashboard-store-password";

    private static EmbeddedStoreServer server;

    private TestStore() {}

    public static synchronized String url() {
        if (server == null) {
            // the store is a Spring application of its own; on this class path it would also pick up this service's
            // database auto-configuration, which it does not use
            String key = "spring.autoconfigure.exclude";
            System.setProperty(
                    key,
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                            + "io.shopwatch.common.db.EmbeddedPostgresAutoConfiguration,"
                            + "io.shopwatch.common.db.CurrentSchemaFlyway");
            try {
                server = EmbeddedStoreServer.start(Files.createTempDirectory("dashboard-store"), USER, PASSWORD, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                System.clearProperty(key);
            }
            EmbeddedStoreServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server.url();
    }

    /** A client of the store acting in {@code org}. */
    public static OpenObserveClient client(String org) {
        return new OpenObserveClient(
                OpenObserveClientSettings.builder(url())
                        .org(org)
                        .basicAuth(USER, PASSWORD)
                        .build(),
                new SimpleMeterRegistry());
    }
}
