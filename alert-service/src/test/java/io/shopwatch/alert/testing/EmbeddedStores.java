package io.shopwatch.alert.testing;

import io.shopwatch.store.EmbeddedStoreServer;
import java.nio.file.Files;

/** The embedded store (OpenObserve API on DuckDB) in this JVM, for tests of rules over real data. */
public final class EmbeddedStores {

    public static final String USER = "root@example.com";
    public static final String PASSWORD = "Complexpass#123";

    private EmbeddedStores() {}

    /**
     * Starts a store in a fresh directory. The store is a Spring application of its own; on this class path it would
     * also pick up this service's database auto-configuration, which it does not use.
     */
    public static EmbeddedStoreServer start() throws Exception {
        String key = "spring.autoconfigure.exclude";
        System.setProperty(
                key,
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
        try {
            return EmbeddedStoreServer.start(Files.createTempDirectory("alert-store"), USER, PASSWORD, 0);
        } finally {
            System.clearProperty(key);
        }
    }
}
