package io.shopwatch.alert.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.alert.testing.WebhookReceiver;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas on one PostgreSQL: the same alert posted to both is notified once; when the dispatching replica stops,
 * the other takes over without repeating the firing notification and sends the resolved one, once. A configuration
 * change stored on the standby re-routes the dispatching replica's alerts.
 */
class HighAvailabilityAcceptanceTest {

    private static final String CONFIG = """
            route:
              receiver: default
              group_by: []
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: default
                webhook_configs:
                  - url: '%s'
            """;

    @Test
    void twoReplicas_notifyOnceAndFailOverWithoutDuplicates() throws Exception {
        String db = EmbeddedPostgresSupport.newDatabase("alert_ha");
        try (WebhookReceiver webhook = new WebhookReceiver();
                AlertServiceInstance a = AlertServiceInstance.start(db, "replica-a", Map.of());
                AlertServiceInstance b = AlertServiceInstance.start(db, "replica-b", Map.of())) {
            assertThat(a.putYaml("/api/v1/alerts/config", "ha", CONFIG.formatted(webhook.url()))
                            .statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.get("/api/v1/alerts/config", "ha")
                    .headers()
                    .firstValue("X-ShopWatch-Config-Version")
                    .orElse("")
                    .equals("1"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.bean(Leadership.class).isLeader()
                            ^ b.bean(Leadership.class).isLeader());

            String alert = "[{\"labels\":{\"alertname\":\"PaymentsDown\",\"team\":\"payments\"}}]";
            Instant pushed = Instant.now();
            assertThat(a.postJson("/api/v2/alerts", "ha", alert).statusCode()).isEqualTo(200);
            assertThat(b.postJson("/api/v2/alerts", "ha", alert).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).until(() -> webhook.received().size() >= 1);
            double firstAfter =
                    Duration.between(pushed, webhook.received().get(0).at()).toMillis() / 1000.0;
            assertThat(firstAfter).isBetween(0.9, 2.2);
            Thread.sleep(2500); // ticks of both replicas pass; the count below must not grow
            assertThat(webhook.received()).hasSize(1);
            assertThat(webhook.received().get(0).message()).containsEntry("status", "firing");

            AlertServiceInstance leader = a.bean(Leadership.class).isLeader() ? a : b;
            AlertServiceInstance standby = leader == a ? b : a;
            leader.close();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> standby.bean(Leadership.class).isLeader());
            Thread.sleep(2000); // the new leader rebuilt its groups and flushed them: nothing new to send
            assertThat(webhook.received()).hasSize(1);

            String resolved = "[{\"labels\":{\"alertname\":\"PaymentsDown\",\"team\":\"payments\"},\"endsAt\":\""
                    + Instant.now() + "\"}]";
            HttpResponse<String> r = standby.postJson("/api/v2/alerts", "ha", resolved);
            assertThat(r.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> webhook.received().size() >= 2);
            Thread.sleep(2000);
            assertThat(webhook.received()).hasSize(2);
            assertThat(webhook.received().get(1).message())
                    .containsEntry("status", "resolved")
                    .containsEntry("notification_reason", "all alerts resolved");
        }
    }

    private static final String ROUTED = """
            route:
              receiver: blackhole
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
              routes:
                - matchers: ['team="a"']
                  receiver: %s
            receivers:
              - name: blackhole
              - name: old
                webhook_configs:
                  - url: '%s'
              - name: new
                webhook_configs:
                  - url: '%s'
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void configChangeStoredOnTheStandby_leaderMovesTheAlertsAndWithdrawsWhatTheOldRouteDecided() throws Exception {
        String db = EmbeddedPostgresSupport.newDatabase("alert_ha_reload");
        try (WebhookReceiver oldHook = new WebhookReceiver();
                WebhookReceiver newHook = new WebhookReceiver();
                AlertServiceInstance a = AlertServiceInstance.start(db, "reload-a", Map.of());
                AlertServiceInstance b = AlertServiceInstance.start(db, "reload-b", Map.of())) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.bean(Leadership.class).isLeader()
                            ^ b.bean(Leadership.class).isLeader());
            AlertServiceInstance standby = a.bean(Leadership.class).isLeader() ? b : a;
            String org = "ha-reload";
            assertThat(standby.putYaml(
                                    "/api/v1/alerts/config", org, ROUTED.formatted("old", oldHook.url(), newHook.url()))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(standby.postJson(
                                    "/api/v2/alerts",
                                    org,
                                    "[{\"labels\":{\"alertname\":\"A\",\"team\":\"a\"}},"
                                            + "{\"labels\":{\"alertname\":\"B\",\"team\":\"a\"}}]")
                            .statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> oldHook.received().size() >= 2);

            // the old receiver goes down; A's resolution waits in the outbox
            oldHook.answer(503);
            assertThat(standby.postJson(
                                    "/api/v2/alerts",
                                    org,
                                    "[{\"labels\":{\"alertname\":\"A\",\"team\":\"a\"},\"endsAt\":\"" + Instant.now()
                                            + "\"}]")
                            .statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> notifications(standby, org, "pending").stream()
                    .anyMatch(n -> n.path("receiver").asString().equals("old")
                            && n.path("attempts").asInt() > 0));

            // team a moves to the new receiver (stored on the standby); an alert posted right after goes there too
            assertThat(standby.putYaml(
                                    "/api/v1/alerts/config", org, ROUTED.formatted("new", oldHook.url(), newHook.url()))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(standby.postJson("/api/v2/alerts", org, "[{\"labels\":{\"alertname\":\"C\",\"team\":\"a\"}}]")
                            .statusCode())
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> notifications(standby, org, "withdrawn").stream()
                    .anyMatch(n -> n.path("receiver").asString().equals("old")
                            && n.path("alertStatus").asString().equals("resolved")));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> alertNames(newHook).containsAll(List.of("B", "C")));
            oldHook.answer(200);
            assertThat(alertNames(oldHook)).containsExactlyInAnyOrder("A", "B");
            assertThat(alertNames(newHook)).doesNotContain("A");
            assertThat(notifications(standby, org, "pending")).isEmpty();
            AlertServiceInstance leader = standby == a ? b : a;
            assertThat(leader.get("/actuator/prometheus", org).body()).contains("outcome=\"withdrawn\"");
        }
    }

    private static List<JsonNode> notifications(AlertServiceInstance service, String org, String status)
            throws Exception {
        HttpResponse<String> r = service.get("/api/v1/alerts/notifications?status=" + status, org);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    /** The alert names of every message a webhook accepted, one per alert. */
    private static List<String> alertNames(WebhookReceiver hook) {
        List<String> names = new ArrayList<>();
        for (WebhookReceiver.Received r : hook.received()) {
            for (Map<String, Object> alert : r.alerts()) {
                names.add(String.valueOf(((Map<?, ?>) alert.get("labels")).get("alertname")));
            }
        }
        return names;
    }
}
