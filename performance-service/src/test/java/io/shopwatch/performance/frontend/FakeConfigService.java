package io.shopwatch.performance.frontend;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * config-service as performance-service's config client sees it: a real HTTP server answering the Spring Cloud Config
 * protocol ({@code GET /performance-service/default}) with the release set by the test, and recording the releases the
 * service acknowledges (it acknowledges once every listener of a change ran: a test's signal that a refresh is done).
 */
final class FakeConfigService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>(environment(1, "{}"));
    private volatile long latest = 1;
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final String cacheFile;

    FakeConfigService() {
        try {
            cacheFile = Files.createTempDirectory("perf-config")
                    .resolve("cache.json")
                    .toString();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/performance-service/default", exchange -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/api/v1/config/performance-service/acks", exchange -> {
            acks.add(JSON.readTree(exchange.getRequestBody().readAllBytes())
                    .path("version")
                    .asString());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** Where the service keeps its last-known-good copy. */
    String cacheFile() {
        return cacheFile;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the release in force is {@code version}, with these flat properties (a JSON object). */
    void release(long version, String properties) {
        latest = version;
        answer.set(environment(version, properties));
    }

    /** The release in force. */
    long latest() {
        return latest;
    }

    boolean acknowledged(long version) {
        return acks.contains(Long.toString(version));
    }

    private static String environment(long version, String source) {
        return "{\"name\":\"performance-service\",\"profiles\":[\"default\"],\"label\":\"main\",\"version\":\""
                + version
                + "\",\"propertySources\":[{\"name\":\"shopwatch:performance-service-default@" + version
                + "\",\"source\":" + source + "}]}";
    }
}
