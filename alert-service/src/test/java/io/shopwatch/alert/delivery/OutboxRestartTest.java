package io.shopwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.alert.testing.WebhookReceiver;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox across a restart: the service stops while it holds undelivered notifications (their receiver is down);
 * the next instance on the same database delivers every one of them, once.
 */
class OutboxRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int GROUPS = 8;

    @Test
    void pendingNotifications_areDeliveredOnceAfterARestart() throws Exception {
        String db = EmbeddedPostgresSupport.newDatabase("alert_outbox_restart");
        Map<String, String> settings = Map.of(
                "shopwatch.alert.notifications.poll-interval", "100ms",
                "shopwatch.alert.notifications.deadline", "10m",
                "shopwatch.alert.notifications.max-backoff", "1s");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            AlertServiceInstance first = AlertServiceInstance.start(db, "before", settings);
            try {
                var stored = first.send(
                        "PUT", "/api/v1/alerts/config", "default", "application/yaml", """
                        route:
                          receiver: shop
                          group_by: [alertname]
                          group_wait: 1s
                          group_interval: 1s
                          repeat_interval: 1h
                        receivers:
                          - name: shop
                            webhook_configs: [{url: "%s"}]
                        """.formatted(receiver.url()));
                assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
                StringBuilder alerts = new StringBuilder("[");
                for (int i = 0; i < GROUPS; i++) {
                    alerts.append(i == 0 ? "" : ",")
                            .append("{\"labels\":{\"alertname\":\"Outage")
                            .append(i)
                            .append("\"}}");
                }
                var pushed = first.send("POST", "/api/v2/alerts", "default", "application/json", alerts + "]");
                assertThat(pushed.statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> pending(first) == GROUPS);
            } finally {
                first.close();
            }
            assertThat(receiver.received()).isEmpty();

            receiver.answer(200);
            AlertServiceInstance second = AlertServiceInstance.start(db, "after", settings);
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> receiver.received().size() >= GROUPS);
                // give a duplicate every chance to show up
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.received().size() == GROUPS);
                Map<Object, Long> perGroup = receiver.received().stream()
                        .collect(Collectors.groupingBy(
                                r -> ((Map<?, ?>) r.message().get("groupLabels")).get("alertname"),
                                TreeMap::new,
                                Collectors.counting()));
                assertThat(perGroup).hasSize(GROUPS).allSatisfy((group, count) -> assertThat(count)
                        .isEqualTo(1L));
                List<Map<String, Object>> delivered = JSON.readValue(
                        second.send("GET", "/api/v1/alerts/notifications?status=delivered", "default", null, null)
                                .body(),
                        new TypeReference<>() {});
                assertThat(delivered).hasSize(GROUPS);
            } finally {
                second.close();
            }
        }
    }

    private static long pending(AlertServiceInstance instance) throws Exception {
        List<Map<String, Object>> all = JSON.readValue(
                instance.send("GET", "/api/v1/alerts/notifications", "default", null, null)
                        .body(),
                new TypeReference<>() {});
        return all.stream()
                .filter(n -> n.get("status").equals("pending") && ((Number) n.get("attempts")).intValue() > 0)
                .count();
    }
}
