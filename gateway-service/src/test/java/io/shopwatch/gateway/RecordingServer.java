package io.shopwatch.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP service on a free loopback port that records every request it receives and answers as told. */
final class RecordingServer implements AutoCloseable {

    /** A request as the service received it; header names are matched ignoring case. */
    record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        boolean hasHeader(String name) {
            return headers.containsKey(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How the service answers a request it has recorded. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange, Received request) throws IOException;
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "recording-server");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Responder responder = this::answerOk;

    private RecordingServer(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static RecordingServer start(String name) {
        try {
            return new RecordingServer(name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    RecordingServer respondWith(Responder responder) {
        this.responder = responder;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String name() {
        return name;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests whose path and query start with the prefix. */
    List<Received> received(String uriPrefix) {
        return received.stream().filter(r -> r.uri().startsWith(uriPrefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((key, values) -> headers.put(key, List.copyOf(values)));
            Received request = new Received(
                    exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
            received.add(request);
            responder.respond(exchange, request);
        }
    }

    /** 200 with a small JSON document naming this service and the path it saw. */
    private void answerOk(HttpExchange exchange, Received request) throws IOException {
        String json = "{\"service\":\"" + name + "\",\"uri\":\"" + request.uri() + "\"}";
        send(exchange, 200, "application/json", json);
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
