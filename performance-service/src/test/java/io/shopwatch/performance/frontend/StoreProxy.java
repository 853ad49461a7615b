package io.shopwatch.performance.frontend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server between the frontend and the store: it forwards every request, counts what reaches the store
 * (by a marker found in the request), keeps the store's exact answers, and can hold requests until a test releases
 * them.
 */
final class StoreProxy implements AutoCloseable {

    static {
        // the JDK's HTTP server writes an answer's headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK hold the body back about 40 ms, which would dwarf a small store query
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One answer of the store, as the proxy received it. */
    record Seen(String method, String pathAndQuery, String requestBody, int status, String contentType, byte[] body) {}

    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String target;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    StoreProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests whose path, query or body contained {@code marker} reached the store. */
    int count(String marker) {
        return counts.computeIfAbsent(marker, m -> new AtomicInteger()).get();
    }

    /** Starts counting requests that contain {@code marker}. */
    void watch(String marker) {
        counts.putIfAbsent(marker, new AtomicInteger());
    }

    /** Requests containing {@code marker} wait until {@link #release} (at most 30 s). */
    void hold(String marker) {
        watch(marker);
        gates.put(marker, new CountDownLatch(1));
    }

    void release(String marker) {
        CountDownLatch gate = gates.remove(marker);
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The last answer the store gave to a request containing {@code marker}. */
    Seen last(String marker) {
        for (int i = seen.size() - 1; i >= 0; i--) {
            Seen s = seen.get(i);
            if (s.pathAndQuery().contains(marker) || s.requestBody().contains(marker)) {
                return s;
            }
        }
        throw new AssertionError("no request with " + marker + " reached the store");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            String text = new String(requestBody, StandardCharsets.UTF_8);
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            String decoded = java.net.URLDecoder.decode(pathAndQuery, StandardCharsets.UTF_8);
            for (Map.Entry<String, AtomicInteger> count : counts.entrySet()) {
                if (text.contains(count.getKey()) || decoded.contains(count.getKey())) {
                    count.getValue().incrementAndGet();
                    CountDownLatch gate = gates.get(count.getKey());
                    if (gate != null) {
                        gate.await(30, TimeUnit.SECONDS);
                    }
                }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(requestBody));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String responseType = response.headers().firstValue("Content-Type").orElse(null);
            seen.add(new Seen(
                    exchange.getRequestMethod(), decoded, text, response.statusCode(), responseType, response.body()));
            if (responseType != null) {
                exchange.getResponseHeaders().set("Content-Type", responseType);
            }
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
