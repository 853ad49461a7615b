package io.shopwatch.metrics.it;

import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of every integration test class, so that they share one application context: the token key set and one
 * embedded store per JVM (the store of the Prometheus query API), one PostgreSQL database (metric definitions).
 */
@MetricsIT
abstract class MetricsITSupport {

    static final String STORE_USER = "metrics-it@example.com";
    static final String STORE_PASSWORD = "metrics-it-secret";
    private static EmbeddedStoreServer store;
    private static String database;

    static synchronized String database() {
        if (database == null) {
            database = EmbeddedPostgresSupport.newDatabase("metrics_it");
        }
        return database;
    }

    static synchronized EmbeddedStoreServer store() {
        if (store == null) {
            try {
                store = EmbeddedStoreServer.start(
                        Files.createTempDirectory("metrics-it-store"), STORE_USER, STORE_PASSWORD, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(store::close));
        }
        return store;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("shopwatch.openobserve.url", () -> store().url());
        registry.add("shopwatch.openobserve.user", () -> STORE_USER);
        registry.add("shopwatch.openobserve.password", () -> STORE_PASSWORD);
        registry.add("spring.datasource.url", () -> database());
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
