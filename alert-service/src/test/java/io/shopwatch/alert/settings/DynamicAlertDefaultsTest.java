package io.shopwatch.alert.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.rule.AlertRuleEngine;
import io.shopwatch.alert.rule.RuleQueryLimits;
import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert defaults change in the running service without a restart: the config client reads them from a
 * config-service answer (the Spring Cloud Config protocol, served by a real HTTP server here), and a change event on
 * {@code shopwatch.config.changes} (a real broker) makes every organisation's Alertmanager parse its configuration
 * again with them: the next alert without an end gets the new resolve timeout, the next group the new timers; the rule
 * engine takes the new default evaluation interval (its rescheduling is tested in {@code DefaultIntervalTest}) and
 * query limits ({@code RuleQueryLimitsTest}). A value
 * that does not bind is refused and the values in force stay. config-service's own publish → Kafka path and its
 * schema gate are tested in config-service.
 */
class DynamicAlertDefaultsTest {

    private static final Logger log = LoggerFactory.getLogger(DynamicAlertDefaultsTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORG = "defaults-org";

    @TempDir
    Path dir;

    @Test
    void publishedDefaults_areUsedByTheRunningService_withoutRestart() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>(environment(
                1,
                "{\"shopwatch.alert.defaults.group-wait\":\"45s\","
                        + "\"shopwatch.alert.rules.default-interval\":\"2m\","
                        + "\"shopwatch.alert.defaults.resolve-timeout\":\"7m\"}"));
        HttpServer configService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        configService.createContext("/alert-service/prod", exchange -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        // the client acknowledges each release once its listeners ran: the test's signal that a refresh is complete
        List<String> acks = new CopyOnWriteArrayList<>();
        configService.createContext("/api/v1/config/alert-service/acks", exchange -> {
            acks.add(JSON.readTree(exchange.getRequestBody().readAllBytes())
                    .path("version")
                    .asString());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        configService.start();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.CONFIG_CHANGES);
        // its own property: by default the broker writes spring.kafka.bootstrap-servers, a JVM-wide system property
        broker.brokerListProperty("shopwatch.test.dynamic-alert-defaults.brokers");
        broker.afterPropertiesSet();
        try (AlertServiceInstance alerts = AlertServiceInstance.start(
                        EmbeddedPostgresSupport.newDatabase("alert_defaults"),
                        "defaults",
                        Map.of(
                                "shopwatch.config.client.enabled",
                                "true",
                                "shopwatch.config.client.uri",
                                "http://127.0.0.1:" + configService.getAddress().getPort(),
                                "shopwatch.config.client.profile",
                                "prod",
                                "shopwatch.config.client.cache-file",
                                dir.resolve("cache.json").toString(),
                                "spring.kafka.bootstrap-servers",
                                broker.getBrokersAsString()));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            Alertmanagers alertmanagers = alerts.bean(Alertmanagers.class);
            // started on config-service's values; what it does not set keeps Alertmanager's default
            AlertmanagerConfig started = alertmanagers.get(ORG).config();
            assertThat(started.route().options().groupWait()).isEqualTo(Duration.ofSeconds(45));
            assertThat(started.route().options().groupInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(started.resolveTimeout()).isEqualTo(Duration.ofMinutes(7));
            assertThat(endsAfter(alerts, "Before")).isEqualTo(Duration.ofMinutes(7));
            AlertRuleEngine rules = alerts.bean(AlertRuleEngine.class);
            assertThat(rules.defaultInterval()).isEqualTo(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.contains("1"));
            await().atMost(Duration.ofSeconds(60)).until(alerts.bean(ConfigChangeWatcher.class)::following);

            answer.set(environment(
                    2,
                    "{\"shopwatch.alert.defaults.group-wait\":\"2s\","
                            + "\"shopwatch.alert.defaults.group-interval\":\"1m\","
                            + "\"shopwatch.alert.defaults.repeat-interval\":\"12h\","
                            + "\"shopwatch.alert.rules.default-interval\":\"10s\","
                            + "\"shopwatch.alert.rules.max-rows\":\"500\","
                            + "\"shopwatch.alert.rules.metrics.timeout\":\"5s\","
                            + "\"shopwatch.alert.defaults.resolve-timeout\":\"17m\"}"));
            long start = System.nanoTime();
            send(producer, 2);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() ->
                            alertmanagers.get(ORG).config().resolveTimeout().equals(Duration.ofMinutes(17)));
            log.info(
                    "change event -> running alert-service parses with the new defaults in {} ms (Kafka + fetch + bind"
                            + " + reload)",
                    (System.nanoTime() - start) / 1_000_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.contains("2"));

            AlertmanagerConfig changed = alertmanagers.get(ORG).config();
            assertThat(changed.route().options().groupWait()).isEqualTo(Duration.ofSeconds(2));
            assertThat(changed.route().options().groupInterval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(changed.route().options().repeatInterval()).isEqualTo(Duration.ofHours(12));
            assertThat(endsAfter(alerts, "After")).isEqualTo(Duration.ofMinutes(17));
            assertThat(rules.defaultInterval()).isEqualTo(Duration.ofSeconds(10));
            RuleQueryLimits limits = alerts.bean(RuleQueryLimits.class);
            assertThat(limits.maxRows()).isEqualTo(500);
            assertThat(limits.metricsTimeout()).isEqualTo(Duration.ofSeconds(5));
            // an organisation seen for the first time after the change gets them too
            assertThat(alertmanagers.get(ORG + "-new").config().resolveTimeout())
                    .isEqualTo(Duration.ofMinutes(17));

            // a zero group interval and a rule interval under a second that slipped past config-service's gate:
            // refused, the values in force stay
            answer.set(environment(
                    3,
                    "{\"shopwatch.alert.defaults.group-interval\":\"0s\","
                            + "\"shopwatch.alert.rules.max-rows\":\"0\","
                            + "\"shopwatch.alert.rules.default-interval\":\"500ms\"}"));
            send(producer, 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.contains("3"));
            assertThat(alerts.bean(DynamicAlertDefaults.class).current().groupInterval())
                    .isEqualTo(Duration.ofMinutes(1));
            assertThat(alertmanagers.get(ORG).config().route().options().groupInterval())
                    .isEqualTo(Duration.ofMinutes(1));
            assertThat(rules.defaultInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(limits.maxRows()).isEqualTo(500);
            assertThat(limits.metricsTimeout()).isEqualTo(Duration.ofSeconds(5));
        } finally {
            configService.stop(0);
            broker.destroy();
        }
    }

    /** Posts an alert without an end through the Alertmanager API and reads back how long after its start it ends. */
    private static Duration endsAfter(AlertServiceInstance alerts, String name) throws Exception {
        HttpResponse<String> posted =
                alerts.postJson("/api/v2/alerts", ORG, "[{\"labels\":{\"alertname\":\"" + name + "\"}}]");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        HttpResponse<String> listed = alerts.get("/api/v2/alerts?filter=alertname%3D%22" + name + "%22", ORG);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode alert = JSON.readTree(listed.body()).get(0);
        return Duration.between(
                Instant.parse(alert.path("startsAt").asString()),
                Instant.parse(alert.path("endsAt").asString()));
    }

    private static void send(KafkaProducer<String, byte[]> producer, long release) {
        ConfigChange change = new ConfigChange(
                release,
                "default",
                "alert-service",
                "prod",
                "PUBLISH",
                release - 1,
                "0".repeat(64),
                "~1",
                List.of("shopwatch.alert.defaults.group-wait"),
                "operator@default",
                "alert defaults",
                Instant.now());
        producer.send(new ProducerRecord<>(Topics.CONFIG_CHANGES, "alert-service", JSON.writeValueAsBytes(change)));
        producer.flush();
    }

    private static String environment(long version, String source) {
        return "{\"name\":\"alert-service\",\"profiles\":[\"prod\"],\"label\":\"main\",\"version\":\"" + version
                + "\",\"propertySources\":[{\"name\":\"shopwatch:alert-service-prod@" + version + "\",\"source\":"
                + source + "}]}";
    }
}
