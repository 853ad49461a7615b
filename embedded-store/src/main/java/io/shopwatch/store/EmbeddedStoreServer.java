package io.shopwatch.store;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the embedded store inside another JVM's process, on a port of its own: what other modules' tests use as their
 * OpenObserve. It reads no application.yml of the host, only the settings given here and the store's defaults, and
 * leaves out the host's token checks and database auto-configuration.
 */
public final class EmbeddedStoreServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private EmbeddedStoreServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Starts a store with its data under {@code dataDir} and the given root user.
     *
     * @param port the port to listen on, 0 for any free one
     */
    public static EmbeddedStoreServer start(Path dataDir, String user, String password, int port) {
        return start(dataDir, user, password, port, Map.of());
    }

    /**
     * Starts a store as {@link #start(Path, String, String, int)} does, with {@code beans} registered in it before it
     * starts (by name): e.g. a test's OpenTelemetry {@code SpanExporter}, which then receives the store's spans.
     */
    public static EmbeddedStoreServer start(
            Path dataDir, String user, String password, int port, Map<String, Object> beans) {
        SpringApplication application = new SpringApplicationBuilder(EmbeddedStoreApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.ofEntries(
                        Map.entry("spring.config.name", "embedded-store-server"),
                        Map.entry("spring.application.name", "embedded-store"),
                        Map.entry("server.port", Integer.toString(port)),
                        Map.entry("server.address", "127.0.0.1"),
                        Map.entry("store.data-dir", dataDir.toString()),
                        Map.entry("store.root-user-email", user),
                        Map.entry("store.root-user-password", password),
                        // a store inside a test's (or tool's) JVM on loopback: the caller's development password is
                        // fine
                        Map.entry("shopwatch.dev-mode", "true"),
                        Map.entry("shopwatch.openobserve.enabled", "false"),
                        // the store checks its own root user; the host's token checks do not apply to it
                        Map.entry("shopwatch.security.enabled", "false"),
                        Map.entry("spring.kafka.listener.auto-startup", "false"),
                        // a host with a database on its class path must not make the store look for one
                        Map.entry(
                                "spring.autoconfigure.exclude",
                                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")))
                .initializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton))
                .build();
        return new EmbeddedStoreServer(application.run());
    }

    public int port() {
        return port;
    }

    /** Base URL of the OpenObserve API, without {@code /api}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        context.close();
    }
}
