package io.shopwatch.devstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification outbox's crash check, run against a running local stack: a webhook receiver in this process
 * answers 503; N alert groups are posted through the gateway; once every notification waits in alert-service's
 * outbox, alert-service is killed with {@code kill -9} (the launcher restarts it) and the receiver starts answering
 * 200. It passes when every group's notification arrives exactly once.
 */
final class AlertCrashTest {

    private static final Logger log = LoggerFactory.getLogger(AlertCrashTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GATEWAY = "http://127.0.0.1:8080";

    private final StackSettings settings;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final StackLogin login;

    AlertCrashTest(StackSettings settings) {
        this.settings = settings;
        this.login = new StackLogin(settings, http);
    }

    int run(int groups) throws IOException, InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean healthy = new AtomicBoolean(false);
        AtomicInteger refused = new AtomicInteger();
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!healthy.get()) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
            } else {
                // only this run's groups: earlier runs' groups may still send their resolution to this receiver
                String groupKey = JSON.readTree(body).path("groupKey").asString();
                if (groupKey.contains("CrashTest" + run + "_")) {
                    received.computeIfAbsent(groupKey, k -> new AtomicInteger()).incrementAndGet();
                }
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/crash-" + run;
            log.info("alert crash test: {} alert groups, receiver {} (answering 503)", groups, url);
            send("PUT", "/api/v1/alerts/config", "application/yaml", """
                    route:
                      receiver: crash-test
                      group_by: [alertname]
                      group_wait: 1s
                      group_interval: 10s
                      repeat_interval: 4h
                    receivers:
                      - name: crash-test
                        webhook_configs:
                          - url: %s
                    """.formatted(url));
            StringBuilder alerts = new StringBuilder("[");
            for (int i = 0; i < groups; i++) {
                alerts.append(i == 0 ? "" : ",")
                        .append("{\"labels\":{\"alertname\":\"CrashTest")
                        .append(run)
                        .append('_')
                        .append(i)
                        .append("\",\"service\":\"checkout\"}}");
            }
            send("POST", "/api/v2/alerts", "application/json", alerts + "]");

            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            long waiting = 0;
            while (Instant.now().isBefore(deadline) && waiting < groups) {
                Thread.sleep(500);
                waiting = waitingInOutbox(run);
            }
            log.info(
                    "alert crash test: {} notifications wait in the outbox, {} attempts refused so far",
                    waiting,
                    refused.get());
            if (waiting < groups) {
                log.error("alert crash test FAILED: only {} of {} notifications reached the outbox", waiting, groups);
                return 1;
            }
            if (!ManagedProcess.killHard(settings, "alert")) {
                log.error("alert crash test FAILED: could not kill alert-service");
                return 1;
            }
            healthy.set(true);
            log.info("alert crash test: alert-service killed; receiver answers 200 from now on");

            deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline) && received.size() < groups) {
                Thread.sleep(500);
            }
            // let a duplicate show up if there is one
            Thread.sleep(5_000);
            long twice = received.values().stream().filter(n -> n.get() > 1).count();
            log.info(
                    "alert crash test: groups {}, delivered {}, delivered more than once {}, missing {}",
                    groups,
                    received.size(),
                    twice,
                    groups - received.size());
            boolean passed = received.size() == groups && twice == 0;
            log.info("alert crash test {}", passed ? "PASSED" : "FAILED");
            return passed ? 0 : 1;
        } finally {
            receiver.stop(0);
        }
    }

    /** Pending notifications of this run's groups that have been tried at least once. */
    private long waitingInOutbox(String run) throws InterruptedException {
        try {
            HttpResponse<String> r = send("GET", "/api/v1/alerts/notifications?status=pending&limit=1000", null, null);
            long n = 0;
            for (JsonNode entry : JSON.readTree(r.body())) {
                if (entry.path("groupKey").asString().contains("CrashTest" + run + "_")
                        && entry.path("attempts").asInt() > 0) {
                    n++;
                }
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(GATEWAY + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + login.token());
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response;
    }
}
