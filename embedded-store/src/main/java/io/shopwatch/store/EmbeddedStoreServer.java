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
 * OpenObserve. It reads no application.yml of the host, only the settings given here and the store's defaults.
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
        SpringApplication application = new SpringApplicationBuilder(EmbeddedStoreApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of(
                        "spring.config.name", "embedded-store-server",
                        "spring.application.name", "embedded-store",
                        "server.port", Integer.toString(port),
                        "server.address", "127.0.0.1",
                        "store.data-dir", dataDir.toString(),
                        "store.root-user-email", user,
                        "store.root-user-password", password,
                        "shopwatch.openobserve.enabled", "false",
                        "spring.kafka.listener.auto-startup", "false"))
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
