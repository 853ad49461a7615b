package io.shopwatch.config;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.store.EmbeddedStoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One embedded store (OpenObserve's API on DuckDB) for the JVM, whose root user is the platform credentials, started on
 * first use: the store config-service applies stream retention to.
 */
final class TestStore {

    private static EmbeddedStoreServer server;
    private static OpenObserveClient client;

    private TestStore() {}

    static synchronized String url() {
        if (server == null) {
            // the store is a Spring application of its own; on this class path it would also pick up config-service's
            // database, bus and config-server auto-configuration, which it does not use
            String[] keys = {"spring.cloud.bus.enabled", "spring.cloud.config.enabled"};
            for (String key : keys) {
                System.setProperty(key, "false");
            }
            try {
                server = EmbeddedStoreServer.start(
                        Files.createTempDirectory("config-store"),
                        ConfigServiceIntegrationTest.PLATFORM_USER,
                        ConfigServiceIntegrationTest.PLATFORM_PASSWORD,
                        0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                for (String key : keys) {
                    System.clearProperty(key);
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server.url();
    }

    static synchronized OpenObserveClient client() {
        if (client == null) {
            client = new OpenObserveClient(OpenObserveClientSettings.builder(url())
                    .credentials(OpenObserveCredentials.basic(
                            ConfigServiceIntegrationTest.PLATFORM_USER, ConfigServiceIntegrationTest.PLATFORM_PASSWORD))
                    .build());
        }
        return client;
    }
}
