package io.shopwatch.benchmarks.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What ShopWatch looks like to the client in a benchmark, on a free loopback port:
 *
 * <ul>
 *   <li>{@code reachable}: an HTTP server that reads each batch and answers 200 at once;
 *   <li>{@code silent}: a socket that takes connections (the kernel's backlog does) but never answers, so each
 *       request waits for the client's request timeout;
 *   <li>{@code refused}: nothing listening, so each send fails at once and the client backs off and retries.
 * </ul>
 */
final class FakeShopWatchServer implements AutoCloseable {

    private static final byte[] ANSWER =
            "{\"accepted\":0,\"rejected\":0,\"results\":[]}".getBytes(StandardCharsets.UTF_8);

    private final String url;
    private final AutoCloseable resource;

    private FakeShopWatchServer(String url, AutoCloseable resource) {
        this.url = url;
        this.resource = resource;
    }

    static FakeShopWatchServer start(String kind) {
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            return switch (kind) {
                case "reachable" -> reachable(loopback);
                case "silent" -> {
                    ServerSocket socket = new ServerSocket(0, 1_000, loopback);
                    yield new FakeShopWatchServer(url(socket.getLocalPort()), socket);
                }
                case "refused" -> {
                    int port;
                    try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
                        port = socket.getLocalPort();
                    }
                    yield new FakeShopWatchServer(url(port), () -> {});
                }
                default -> throw new IllegalArgumentException("unknown ShopWatch state: " + kind);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FakeShopWatchServer reachable(InetAddress loopback) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 100);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            exchange.close();
        });
        server.start();
        return new FakeShopWatchServer(url(server.getAddress().getPort()), () -> {
            server.stop(0);
            executor.shutdownNow();
        });
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
