package io.shopwatch.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on a free loopback port that plays ShopWatch's ingestion API: records every request, answers
 * 200 with every record accepted unless a test scripts other answers, and can hold requests to simulate a slow
 * server.
 */
public final class FakeShopWatch implements AutoCloseable {

    /** One request as received. */
    public record Received(String path, Map<String, List<String>> headers, JsonNode body, long atNanos) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public int records() {
            return body.size();
        }
    }

    /** A scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body);
        }
    }

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Function<Received, Answer>> script = new ConcurrentLinkedQueue<>();
    private volatile Function<Received, Answer> fallback = FakeShopWatch::acceptAll;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    public FakeShopWatch() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests get these answers, in order; then the default. */
    @SafeVarargs
    public final FakeShopWatch thenAnswer(Function<Received, Answer>... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Every request not scripted gets this answer. */
    public FakeShopWatch byDefault(Function<Received, Answer> answer) {
        this.fallback = answer;
        return this;
    }

    /** Requests wait (after being recorded) until {@link #release()}. */
    public void holdRequests() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> received(String path) {
        return received().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** All records of all requests to a path, in arrival order. */
    public List<JsonNode> records(String path) {
        List<JsonNode> all = new ArrayList<>();
        received(path).forEach(r -> r.body().forEach(all::add));
        return all;
    }

    public static Answer acceptAll(Received request) {
        return Answer.of(200, "{\"accepted\":" + request.records() + ",\"rejected\":0,\"results\":[]}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                    raw = in.readAllBytes();
                }
            }
            Received request = new Received(
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    JSON.readTree(new String(raw, StandardCharsets.UTF_8)),
                    System.nanoTime());
            received.add(request);
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Function<Received, Answer> next = script.poll();
            Answer answer = (next != null ? next : fallback).apply(request);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
