package io.shopwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.alert.testing.WebhookReceiver;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification service end to end on a running alert-service with PostgreSQL and real HTTP receivers: escalation
 * through a policy, acknowledgement through the signed link, the outbox's record of a rejected notification with the
 * provider's answer and the meta-alert on the fallback receiver, and the receiver test endpoint.
 */
class NotificationServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static AlertServiceInstance service;
    private static WebhookReceiver team;
    private static WebhookReceiver lead;
    private static WebhookReceiver broken;
    private static WebhookReceiver ops;

    @BeforeAll
    static void start() throws Exception {
        team = new WebhookReceiver();
        lead = new WebhookReceiver();
        broken = new WebhookReceiver();
        broken.answer(400);
        ops = new WebhookReceiver();
        service = AlertServiceInstance.start(
                EmbeddedPostgresSupport.newDatabase("alert_notifications"),
                "notify",
                Map.of(
                        "shopwatch.alert.notifications.poll-interval", "100ms",
                        "shopwatch.alert.notifications.deadline", "30s",
                        "shopwatch.alert.notifications.public-url", "http://alerts.example",
                        "shopwatch.alert.notifications.log-search-url",
                                "http://shop.example/logs?service={service}&from={from}"));
        String config = """
                route:
                  receiver: team
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                  escalation_policy: checkout
                  routes:
                    - matchers: [team="broken"]
                      receiver: broken
                fallback_receiver: ops
                receivers:
                  - name: team
                    webhook_configs: [{url: "%s"}]
                  - name: lead
                    webhook_configs: [{url: "%s"}]
                  - name: broken
                    webhook_configs: [{url: "%s"}]
                  - name: ops
                    webhook_configs: [{url: "%s"}]
                escalation_policies:
                  - name: checkout
                    steps:
                      - {after: 3s, receiver: lead}
                """.formatted(team.url(), lead.url(), broken.url(), ops.url());
        var stored = service.send("PUT", "/api/v1/alerts/config", "default", "application/yaml", config);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        for (WebhookReceiver r : new WebhookReceiver[] {team, lead, broken, ops}) {
            if (r != null) {
                r.close();
            }
        }
    }

    private static void push(String alertname, String... labels) throws Exception {
        StringBuilder l = new StringBuilder("\"alertname\":\"" + alertname + "\"");
        for (int i = 0; i < labels.length; i += 2) {
            l.append(",\"")
                    .append(labels[i])
                    .append("\":\"")
                    .append(labels[i + 1])
                    .append('"');
        }
        var r = service.send(
                "POST",
                "/api/v2/alerts",
                "default",
                "application/json",
                "[{\"labels\":{" + l + "},\"annotations\":{\"summary\":\"" + alertname + " on checkout\"}}]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static List<WebhookReceiver.Received> about(WebhookReceiver r, String alertname) {
        return r.received().stream()
                .filter(m -> alertname.equals(((Map<?, ?>) m.message().get("commonLabels")).get("alertname")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> extras(WebhookReceiver.Received m) {
        return (Map<String, Object>) m.message().get("shopwatch");
    }

    private static <T> T get(String path, TypeReference<T> type) throws Exception {
        var r = service.send("GET", path, "default", null, null);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readValue(r.body(), type);
    }

    @Test
    void escalation_reachesTheNextStepWhenNobodyAcknowledges() throws Exception {
        push("CheckoutDown", "service", "checkout");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> about(team, "CheckoutDown").size() == 1);
        Map<String, Object> first = extras(about(team, "CheckoutDown").get(0));
        assertThat((String) first.get("ackUrl")).startsWith("http://alerts.example/api/v1/alerts/ack/");
        assertThat((String) first.get("logSearchUrl")).startsWith("http://shop.example/logs?service=checkout&from=");

        List<Map<String, Object>> groups = get("/api/v1/alerts/groups", new TypeReference<>() {});
        assertThat(groups).anySatisfy(g -> assertThat(g).containsEntry("id", first.get("groupId")));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> about(lead, "CheckoutDown").size() == 1);
        Map<String, Object> escalation = extras(about(lead, "CheckoutDown").get(0));
        assertThat(escalation.get("escalation")).isEqualTo(Map.of("policy", "checkout", "step", 1, "steps", 1));
        assertThat(Duration.between(
                        about(team, "CheckoutDown").get(0).at(),
                        about(lead, "CheckoutDown").get(0).at()))
                .isBetween(Duration.ofMillis(2500), Duration.ofSeconds(10));
    }

    @Test
    void oneClickLink_acknowledgesAndStopsTheEscalation() throws Exception {
        push("CartSlow", "service", "cart");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> about(team, "CartSlow").size() == 1);
        Map<String, Object> extras = extras(about(team, "CartSlow").get(0));
        String path = URI.create((String) extras.get("ackUrl")).getPath();

        var page = service.send("GET", path, null, null, null, false);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">").contains("Acknowledge");
        var forged = service.send("POST", path + "x", null, "application/x-www-form-urlencoded", "name=eve", false);
        assertThat(forged.statusCode()).isEqualTo(404);
        var acked = service.send(
                "POST", path, null, "application/x-www-form-urlencoded", "name=alice&comment=on+it", false);
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(acked.body()).contains("Acknowledged by alice (link)");

        Map<String, Object> group = get("/api/v1/alerts/groups/" + extras.get("groupId"), new TypeReference<>() {});
        assertThat(group.toString()).contains("by=alice (link)").contains("comment=on it");
        // the escalation was due 3 s after the first notification: it must not come while acknowledged
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> about(lead, "CartSlow")
                .isEmpty());
    }

    @Test
    void rejectedNotification_isRecordedWithTheAnswerAndTellsTheFallbackReceiver() throws Exception {
        push("PaymentErrors", "team", "broken");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> about(ops, "NotificationFailed").size() == 1);
        Map<?, ?> meta = (Map<?, ?>)
                ((List<?>) about(ops, "NotificationFailed").get(0).message().get("alerts")).get(0);
        assertThat(meta.get("labels").toString()).contains("receiver=broken");
        assertThat(((Map<?, ?>) meta.get("annotations")).get("summary").toString())
                .isEqualTo("Notification to broken (webhook[0]) failed: webhook 127.0.0.1 answered 400");

        List<Map<String, Object>> failed =
                get("/api/v1/alerts/notifications?status=failed&receiver=broken", new TypeReference<>() {});
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0))
                .containsEntry("status", "failed")
                .containsEntry("attempts", 1)
                .containsEntry("providerAnswer", "400")
                .containsEntry("integration", "webhook[0]");
        List<Map<String, Object>> delivered =
                get("/api/v1/alerts/notifications?status=delivered&receiver=ops", new TypeReference<>() {});
        assertThat(delivered).singleElement().satisfies(d -> assertThat(d).containsEntry("kind", "meta"));
    }

    @Test
    void alertGroups_areTheSameInBothApis() throws Exception {
        push("GroupsApiOne", "service", "search");
        push("GroupsApiTwo", "service", "search");
        String filter =
                java.net.URLEncoder.encode("alertname=~\"GroupsApi.*\"", java.nio.charset.StandardCharsets.UTF_8);
        List<Map<String, Object>> v2 = get("/api/v2/alerts/groups?filter=" + filter, new TypeReference<>() {});
        assertThat(v2).hasSize(2).allSatisfy(g -> {
            assertThat(g.get("receiver")).isEqualTo(Map.of("name", "team"));
            assertThat((List<?>) g.get("alerts")).hasSize(1);
        });
        assertThat(v2)
                .extracting(g -> g.get("labels"))
                .containsExactly(Map.of("alertname", "GroupsApiOne"), Map.of("alertname", "GroupsApiTwo"));
        assertThat(get("/api/v2/alerts/groups?receiver=nobody&filter=" + filter, new TypeReference<List<Object>>() {}))
                .isEmpty();
        List<Map<String, Object>> v1 = get("/api/v1/alerts/groups", new TypeReference<>() {});
        assertThat(v1)
                .filteredOn(g -> g.get("groupKey").toString().contains("GroupsApi"))
                .extracting(g -> g.get("labels"))
                .containsExactly(Map.of("alertname", "GroupsApiOne"), Map.of("alertname", "GroupsApiTwo"));
    }

    @Test
    void resolvedGroups_areListedWithTheirEndAndLeaveTheFiringList() throws Exception {
        push("ResolvedGroupsApi", "service", "search");
        String filter = "groupKey";
        List<Map<String, Object>> firing = get("/api/v1/alerts/groups", new TypeReference<>() {});
        assertThat(firing)
                .filteredOn(g -> g.get(filter).toString().contains("ResolvedGroupsApi"))
                .singleElement()
                .satisfies(g -> assertThat(g).containsEntry("state", "firing").containsEntry("resolvedAt", null));
        String end = java.time.Instant.now().minusSeconds(1).toString();
        var resolved = service.send(
                "POST",
                "/api/v2/alerts",
                "default",
                "application/json",
                "[{\"labels\":{\"alertname\":\"ResolvedGroupsApi\",\"service\":\"search\"},\"endsAt\":\"" + end
                        + "\"}]");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);

        assertThat(get("/api/v1/alerts/groups", new TypeReference<List<Map<String, Object>>>() {}))
                .noneMatch(g -> g.get(filter).toString().contains("ResolvedGroupsApi"));
        List<Map<String, Object>> listed = get("/api/v1/alerts/groups?state=resolved", new TypeReference<>() {});
        assertThat(listed)
                .filteredOn(g -> g.get(filter).toString().contains("ResolvedGroupsApi"))
                .singleElement()
                .satisfies(g -> {
                    assertThat(g)
                            .containsEntry("state", "resolved")
                            .containsEntry("labels", Map.of("alertname", "ResolvedGroupsApi"))
                            .containsEntry("receiver", "team");
                    // to the microsecond, whether the group is answered from memory or from PostgreSQL's archive
                    assertThat(java.time.Instant.parse((String) g.get("resolvedAt")))
                            .isEqualTo(java.time.Instant.parse(end).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
                    assertThat((List<?>) g.get("alerts")).singleElement().satisfies(a -> assertThat(
                                    ((Map<?, ?>) a).get("endsAt"))
                            .isEqualTo(g.get("resolvedAt")));
                });
        assertThat(service.send("GET", "/api/v1/alerts/groups?state=silenced", "default", null, null)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void receiverTest_sendsAMessageAndReportsTheAnswer() throws Exception {
        var ok = service.send("POST", "/api/v1/alerts/receivers/ops/test", "default", null, null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        List<Map<String, Object>> results = JSON.readValue(ok.body(), new TypeReference<>() {});
        assertThat(results).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("integration", "webhook[0]")
                .containsEntry("delivered", true));
        assertThat(about(ops, "ShopWatchTestNotification")).hasSize(1);

        var bad = service.send("POST", "/api/v1/alerts/receivers/broken/test", "default", null, null);
        List<Map<String, Object>> badResults = JSON.readValue(bad.body(), new TypeReference<>() {});
        assertThat(badResults)
                .singleElement()
                .satisfies(r -> assertThat(r).containsEntry("delivered", false).containsEntry("providerAnswer", "400"));
        var missing = service.send("POST", "/api/v1/alerts/receivers/nobody/test", "default", null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
