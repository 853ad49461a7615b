package io.shopwatch.alert.bench;

import static org.awaitility.Awaitility.await;

import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.alert.testing.WebhookReceiver;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notification path's benchmark, run on its own (not part of the test suite):
 * {@code ./mvnw -pl alert-service test -Dtest=NotificationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dgroups.count=2000} to change the size). Each group's notification is decided, stored in the outbox and
 * sent to a local webhook receiver; then the same again with the receiver down until every notification waits in the
 * outbox, and the time to drain it once the receiver is back. Writes {@code target/notification-benchmark.md}.
 */
class NotificationBenchmark {

    @Test
    void benchmark() throws Exception {
        int groups = Integer.getInteger("groups.count", 2000);
        List<String> report = new ArrayList<>();
        report.add("| measure | value |");
        report.add("|---|---|");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AlertServiceInstance service = AlertServiceInstance.start(
                    EmbeddedPostgresSupport.newDatabase("alert_notify_bench"),
                    "bench",
                    Map.of(
                            "shopwatch.alert.notifications.poll-interval", "100ms",
                            "shopwatch.alert.notifications.max-backoff", "1s",
                            "logging.level.io.shopwatch", "WARN"));
            try {
                service.send(
                        "PUT", "/api/v1/alerts/config", "default", "application/yaml", """
                        route:
                          receiver: shop
                          group_by: [alertname]
                          group_wait: 0s
                          group_interval: 1m
                          repeat_interval: 4h
                        receivers:
                          - name: shop
                            webhook_configs: [{url: "%s"}]
                        """.formatted(receiver.url()));

                Instant start = Instant.now();
                post(service, "Live", groups);
                Instant posted = Instant.now();
                await().atMost(Duration.ofMinutes(10))
                        .until(() -> receiver.received().size() >= groups);
                Instant done = Instant.now();
                List<Long> latencies = new ArrayList<>();
                for (WebhookReceiver.Received r : receiver.received()) {
                    latencies.add(Duration.between(start, r.at()).toMillis());
                }
                latencies.sort(Long::compare);
                double seconds = Duration.between(start, done).toMillis() / 1000.0;
                report.add("| groups posted (one request) | " + groups + " in "
                        + Duration.between(start, posted).toMillis() + " ms |");
                report.add(String.format(
                        "| decided → stored in the outbox → delivered | %.0f notifications/s |", groups / seconds));
                report.add("| post → received, p50 / p99 / max | " + latencies.get(latencies.size() / 2) + " / "
                        + latencies.get((int) (latencies.size() * 0.99)) + " / " + latencies.get(latencies.size() - 1)
                        + " ms |");

                Thread.sleep(2000);
                report.add("| duplicates (first run) | " + duplicates(receiver.received(), "Live", report) + " |");

                receiver.answer(503);
                int before = receiver.received().size();
                post(service, "Outage", groups);
                await().atMost(Duration.ofMinutes(10)).until(() -> pending(service) >= groups);
                receiver.answer(200);
                Instant back = Instant.now();
                await().atMost(Duration.ofMinutes(10))
                        .until(() -> receiver.received().size() >= before + groups);
                double drain = Duration.between(back, Instant.now()).toMillis() / 1000.0;
                report.add(String.format(
                        "| outbox backlog of %d drained after the receiver came back | %.1f s (%.0f notifications/s) |",
                        groups, drain, groups / drain));
                Thread.sleep(2000);
                report.add("| duplicates (after the outage) | " + duplicates(receiver.received(), "Outage", report)
                        + " |");
            } finally {
                service.close();
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/notification-benchmark.md"), report);
        report.forEach(System.out::println);
    }

    /** Notifications received more than once for one group; the first such group is described in the report. */
    private static long duplicates(List<WebhookReceiver.Received> received, String prefix, List<String> report) {
        Map<Object, List<WebhookReceiver.Received>> byGroup = new java.util.TreeMap<>();
        for (WebhookReceiver.Received r : received) {
            Object name = ((Map<?, ?>) r.message().get("groupLabels")).get("alertname");
            if (name.toString().startsWith(prefix)) {
                byGroup.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
            }
        }
        long dups = 0;
        for (var e : byGroup.entrySet()) {
            if (e.getValue().size() > 1) {
                if (dups == 0) {
                    for (WebhookReceiver.Received r : e.getValue()) {
                        report.add("|   " + e.getKey() + " at " + r.at() + " | "
                                + r.message().get("notification_reason") + " "
                                + ((Map<?, ?>) r.message().get("shopwatch")) + " |");
                    }
                }
                dups += e.getValue().size() - 1;
            }
        }
        return dups;
    }

    private static void post(AlertServiceInstance service, String prefix, int groups) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < groups; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"labels\":{\"alertname\":\"")
                    .append(prefix)
                    .append(i)
                    .append("\",\"service\":\"checkout\"}}");
        }
        var r = service.send("POST", "/api/v2/alerts", "default", "application/json", body + "]");
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.body());
        }
    }

    private static long pending(AlertServiceInstance service) throws Exception {
        String body = service.send(
                        "GET", "/api/v1/alerts/notifications?status=pending&limit=1000", "default", null, null)
                .body();
        long n = body.split("\"status\":\"pending\"", -1).length - 1L;
        if (n < 1000) {
            return n;
        }
        // more than one page: count what is not pending yet among the newest instead
        return Long.MAX_VALUE;
    }
}
