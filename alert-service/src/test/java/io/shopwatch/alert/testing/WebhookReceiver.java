package io.shopwatch.alert.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server receiving Alertmanager webhook messages and recording their arrival times; only messages it
 * accepts (answers 2xx to) are recorded.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One message and when it arrived. */
    public record Received(Instant at, Map<String, Object> message) {
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> alerts() {
            return (List<Map<String, Object>>) message.get("alerts");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile Predicate<Instant> drop = at -> false;
    private volatile Predicate<Instant> slow = at -> false;
    private volatile int status = 200;

    public WebhookReceiver() throws IOException {
        this(Clock.systemUTC());
    }

    /**
     * A receiver that records arrival times on {@code clock} (a simulation's virtual clock: time stands still while a
     * flush sends, so a message arrives at the virtual instant of the flush).
     */
    public WebhookReceiver(Clock clock) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Instant at = clock.instant();
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if (slow.test(at)) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (!drop.test(at) && status / 100 == 2) {
                    Map<String, Object> message = JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
                    synchronized (received) {
                        received.add(new Received(at, message));
                    }
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers 200 without recording while the predicate holds (a receiver that silently drops). */
    public void dropWhen(Predicate<Instant> predicate) {
        this.drop = predicate;
    }

    /** Sleeps a second before answering (and records nothing) while the predicate holds. */
    public void slowWhen(Predicate<Instant> predicate) {
        this.slow = predicate;
    }

    /** The status every request is answered with. */
    public void answer(int status) {
        this.status = status;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
