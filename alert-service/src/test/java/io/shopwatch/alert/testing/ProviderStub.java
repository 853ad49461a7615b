package io.shopwatch.alert.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 standing in for a notification provider (a chat robot, Slack, PagerDuty). It records
 * every request (method, path, raw query, headers, body) and answers from a scripted queue of answers, each with a
 * status, headers, a body and an optional delay; once the queue is empty it gives the default answer.
 */
public final class ProviderStub implements AutoCloseable {

    /** A request as received; header names are lower case. */
    public record Request(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay) {

        public static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body, Duration.ZERO);
        }

        public static Answer ok(String body) {
            return of(200, body);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, Map.copyOf(h), body, delay);
        }

        /** The same answer, given only after {@code wait}. */
        public Answer after(Duration wait) {
            return new Answer(status, headers, body, wait);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "provider-stub");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final Answer fallback;

    /** A stub whose answer, once the script is used up, is {@code fallback}. */
    public ProviderStub(Answer fallback) throws IOException {
        this.fallback = fallback;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            synchronized (requests) {
                requests.add(new Request(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        Map.copyOf(headers),
                        body));
            }
            Answer answer = script.pollFirst();
            if (answer == null) {
                answer = fallback;
            }
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            String trimmed = answer.body() == null ? "" : answer.body().strip();
            exchange.getResponseHeaders()
                    .set("Content-Type", trimmed.startsWith("{") ? "application/json; charset=utf-8" : "text/plain");
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client gave up (a timeout test): nothing to answer
        }
    }

    /** Queues answers, given in order to the next requests. */
    public ProviderStub answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A URL on this stub, {@code pathAndQuery} starting with a slash. */
    public String url(String pathAndQuery) {
        return base() + pathAndQuery;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The only request received; fails unless exactly one was. */
    public Request onlyRequest() {
        List<Request> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected one request, got " + all.size());
        }
        return all.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
