package io.shopwatch.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.alert.testing.EmbeddedStores;
import io.shopwatch.alert.testing.WebhookReceiver;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rule engine end to end: a scheduled rule over real data in the embedded store and a real-time rule over
 * records on a real (embedded KRaft) broker fire and resolve, and the webhook receives both notifications; a
 * scheduled rule firing across a restart of the service still sends its resolution, once.
 */
class RuleEngineEndToEndTest {

    private static final String USER = "root@example.com";
    private static final String PASSWORD = "Complexpass#123";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedStoreServer store;
    private static EmbeddedKafkaKraftBroker broker;
    private static OpenObserveClient client;

    @BeforeAll
    static void start() throws Exception {
        store = EmbeddedStores.start();
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.STORED);
        broker.afterPropertiesSet();
        client = new OpenObserveClient(OpenObserveClientSettings.builder(store.url())
                .credentials(OpenObserveCredentials.basic(USER, PASSWORD))
                .build());
    }

    @AfterAll
    static void stop() {
        client.close();
        broker.destroy();
        store.close();
    }

    private static AlertServiceInstance service(String db, String replica) {
        return AlertServiceInstance.start(
                db,
                replica,
                Map.of(
                        "shopwatch.openobserve.url",
                        store.url(),
                        "shopwatch.openobserve.user",
                        USER,
                        "shopwatch.openobserve.password",
                        PASSWORD,
                        "spring.kafka.bootstrap-servers",
                        broker.getBrokersAsString(),
                        "shopwatch.alert.rules.realtime.enabled",
                        "true",
                        "shopwatch.alert.rules.reconcile-interval",
                        "300ms",
                        "logging.level.org.apache.kafka",
                        "WARN"));
    }

    private static String config(String url) {
        return """
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 500ms
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: '%s'
                """.formatted(url);
    }

    private static void ingestErrors(String org, String service, int n) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(Map.of("level", "error", "service", service, "message", "checkout failed " + i));
        }
        client.forOrg(org).ingest("logs", records);
    }

    private static List<String> statuses(WebhookReceiver webhook, String alertname) {
        List<String> out = new ArrayList<>();
        for (WebhookReceiver.Received r : webhook.received()) {
            for (Map<String, Object> a : r.alerts()) {
                @SuppressWarnings("unchecked")
                Map<String, String> labels = (Map<String, String>) a.get("labels");
                if (alertname.equals(labels.get("alertname"))) {
                    out.add((String) a.get("status"));
                }
            }
        }
        return out;
    }

    private static final String SCHEDULED = """
            {"name": "CheckoutErrors", "type": "scheduled",
             "query": "SELECT service, COUNT(*) AS value FROM \\"logs\\" WHERE level = 'error' GROUP BY service",
             "interval": "1s", "lookback": "4s",
             "severities": [{"severity": "critical", "op": ">=", "threshold": 3}],
             "labels": {"team": "checkout"},
             "annotations": {"summary": "{{ $value }} errors in {{ $labels.service }}"}}
            """;

    @Test
    void scheduledAndRealtimeRules_fireAndResolveThroughTheWebhook() throws Exception {
        String db = EmbeddedPostgresSupport.newDatabase("alert_rules_e2e");
        try (WebhookReceiver webhook = new WebhookReceiver();
                AlertServiceInstance alerting = service(db, "rules-1");
                KafkaProducer<String, Envelope> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                        new StringSerializer(),
                        new EnvelopeSerde.EnvelopeSerializer())) {
            assertThat(alerting.putYaml("/api/v1/alerts/config", "shop", config(webhook.url()))
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> created = alerting.postJson("/api/v1/alerts/rules", "shop", SCHEDULED);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String ruleId = JSON.readTree(created.body()).get("id").asString();
            HttpResponse<String> realtime = alerting.postJson("/api/v1/alerts/rules", "shop", """
                    {"name": "PaymentFailureBurst", "type": "realtime",
                     "realtime": {"matchers": ["type=\\"payment_failed\\""], "group_by": ["properties_merchant_id"],
                                  "window": "3s"},
                     "severities": [{"severity": "critical", "op": ">=", "threshold": 3}]}
                    """);
            assertThat(realtime.statusCode()).as(realtime.body()).isEqualTo(201);

            // scheduled: three errors in the store make the rule fire; when they leave the 4 s window it resolves
            ingestErrors("shop", "checkout", 3);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> statuses(webhook, "CheckoutErrors").contains("firing"));
            HttpResponse<String> test =
                    alerting.send("POST", "/api/v1/alerts/rules/" + ruleId + "/test", "shop", null, null);
            assertThat(test.statusCode()).as(test.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> statuses(webhook, "CheckoutErrors").contains("resolved"));
            assertThat(statuses(webhook, "CheckoutErrors")).containsExactly("firing", "resolved");
            String history = alerting.get("/api/v1/alerts/rules/" + ruleId + "/history", "shop")
                    .body();
            assertThat(history).contains("\"to\":\"FIRING\"").contains("\"to\":\"RESOLVED\"");

            // real-time: the third payment_failed of one merchant within the window fires at once
            Instant sent = null;
            for (int i = 0; i < 3; i++) {
                sent = Instant.now();
                producer.send(new ProducerRecord<>(
                                Topics.STORED,
                                "m-42",
                                new Envelope(
                                        UUID.randomUUID().toString(),
                                        "shop",
                                        "events",
                                        TelemetryType.EVENT,
                                        sent,
                                        JSON.readTree(
                                                "{\"type\":\"payment_failed\",\"properties_merchant_id\":\"m-42\"}"))))
                        .get();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses(webhook, "PaymentFailureBurst").contains("firing"));
            WebhookReceiver.Received firing = webhook.received().stream()
                    .filter(r -> r.message().get("groupKey").toString().contains("PaymentFailureBurst"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Duration.between(sent, firing.at())).isLessThan(Duration.ofSeconds(5));
            assertThat(firing.alerts().get(0).get("labels").toString()).contains("properties_merchant_id=m-42");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> statuses(webhook, "PaymentFailureBurst").contains("resolved"));
            assertThat(statuses(webhook, "PaymentFailureBurst")).containsExactly("firing", "resolved");
        }
    }

    @Test
    void firingRule_survivesARestartAndSendsItsResolutionOnce() throws Exception {
        String db = EmbeddedPostgresSupport.newDatabase("alert_rules_restart");
        try (WebhookReceiver webhook = new WebhookReceiver()) {
            String body = SCHEDULED.replace("CheckoutErrors", "RestartErrors").replace("\"4s\"", "\"8s\"");
            try (AlertServiceInstance first = service(db, "restart-1")) {
                assertThat(first.putYaml("/api/v1/alerts/config", "restart", config(webhook.url()))
                                .statusCode())
                        .isEqualTo(200);
                assertThat(first.postJson("/api/v1/alerts/rules", "restart", body)
                                .statusCode())
                        .isEqualTo(201);
                ingestErrors("restart", "payments", 3);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> statuses(webhook, "RestartErrors").contains("firing"));
            }
            try (AlertServiceInstance second = service(db, "restart-2")) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> statuses(webhook, "RestartErrors").contains("resolved"));
                Thread.sleep(1500); // later ticks must add nothing
                assertThat(statuses(webhook, "RestartErrors")).containsExactly("firing", "resolved");
            }
        }
    }
}
