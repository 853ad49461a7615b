package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.performance.budget.BudgetRegulator;
import io.shopwatch.performance.budget.DynamicBudgets;
import io.shopwatch.testkit.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The ingest budgets change in the running service without a restart: the config client reads them from a
 * config-service answer (the Spring Cloud Config protocol, served by a real HTTP server), and a change event on
 * {@code shopwatch.config.changes} (the embedded broker) makes the service bind them again: {@code GET
 * /api/v1/performance/budgets} shows the new budget and the regulator's next round applies it. A release whose values
 * do not bind is refused and the budgets in force stay. config-service's own publish path and its schema gate
 * ({@code performance-service.schema.json}) are tested in config-service.
 */
class DynamicBudgetsApiTest extends FrontendTestSupport {

    private static final Logger log = LoggerFactory.getLogger(DynamicBudgetsApiTest.class);
    private static final String ORG = "dynbudget";
    /** FrontendTestSupport's own limit: a release's limits replace the whole list, so each release repeats it. */
    private static final String BUDGETED = "\"shopwatch.performance.budgets.limits[0].org\":\"budgeted\","
            + "\"shopwatch.performance.budgets.limits[0].stream\":\"web\","
            + "\"shopwatch.performance.budgets.limits[0].records-per-second\":0.01";

    @Autowired
    ConfigChangeWatcher watcher;

    @Autowired
    DynamicBudgets budgets;

    @Autowired
    BudgetRegulator regulator;

    @Test
    void publishedBudget_isServedAndUsedByTheNextRound_invalidOneNeverApplied() throws Exception {
        FakeConfigService config = configService();
        String token = TestTokens.shared().token("someone", ORG, Role.VIEWER);
        await().atMost(Duration.ofSeconds(60)).until(watcher::following);
        await().atMost(Duration.ofSeconds(30)).until(() -> config.acknowledged(config.latest()));
        long release = config.latest() + 1;

        // no budget for the org yet: its stream keeps every record
        announceStored(ORG, "web", Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode web = stream(budgets(token), "web");
            assertThat(web.path("rate").asDouble()).isEqualTo(1.0);
            assertThat(web.path("limitedBy").asString()).isEqualTo("none");
        });

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            // a release gives the org a budget of 0.01 records/s and a slower round
            config.release(
                    release,
                    "{" + BUDGETED + ",\"shopwatch.performance.budgets.limits[1].org\":\"" + ORG + "\","
                            + "\"shopwatch.performance.budgets.limits[1].records-per-second\":0.01,"
                            + "\"shopwatch.performance.budgets.interval\":\"2s\"}");
            long start = System.nanoTime();
            send(producer, release);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> budgets.org(ORG).recordsPerSecond() == 0.01);
            log.info(
                    "change event -> running performance-service holds the new budget in {} ms (Kafka + fetch + bind)",
                    (System.nanoTime() - start) / 1_000_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> config.acknowledged(release));

            JsonNode served = budgets(token);
            assertThat(served.path("orgBudget").path("recordsPerSecond").asDouble())
                    .isEqualTo(0.01);
            assertThat(served.path("intervalSeconds").asLong()).isEqualTo(2);
            assertThat(served.path("limits")).singleElement().satisfies(limit -> assertThat(
                            limit.path("recordsPerSecond").asDouble())
                    .isEqualTo(0.01));
            // the next round applies it
            for (int i = 0; i < 5; i++) {
                announceStored(ORG, "web", Instant.now());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode web = stream(budgets(token), "web");
                assertThat(web.path("rate").asDouble()).isLessThan(1.0);
                assertThat(web.path("limitedBy").asString()).isEqualTo("org records/s");
            });

            // values that slipped past config-service's gate do not bind: refused, the budgets in force stay
            config.release(
                    release + 1,
                    "{" + BUDGETED + ",\"shopwatch.performance.budgets.limits[1].org\":\"" + ORG + "\","
                            + "\"shopwatch.performance.budgets.limits[1].records-per-second\":-5,"
                            + "\"shopwatch.performance.budgets.min-rate\":2}");
            send(producer, release + 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> config.acknowledged(release + 1));
            assertThat(budgets.org(ORG).recordsPerSecond()).isEqualTo(0.01);
            assertThat(budgets.current().minRate()).isEqualTo(0.001);
            assertThat(budgets.current().interval()).hasSeconds(2);
            assertThat(regulator.rate(ORG, "web")).isLessThan(1.0);

            // back to the test context's settings for the other tests
            config.release(release + 2, "{}");
            send(producer, release + 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> config.acknowledged(release + 2));
            assertThat(budgets.org(ORG).recordsPerSecond()).isZero();
            assertThat(budgets.current().interval()).hasSeconds(1);
        }
    }

    private JsonNode budgets(String token) throws Exception {
        HttpResponse<byte[]> answer =
                send(frontend("/api/v1/performance/budgets"), "GET", null, "Authorization", "Bearer " + token);
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static void send(KafkaProducer<String, byte[]> producer, long release) {
        ConfigChange change = new ConfigChange(
                release,
                "default",
                "performance-service",
                "default",
                "PUBLISH",
                release - 1,
                "0".repeat(64),
                "~1",
                List.of("shopwatch.performance.budgets.limits[1].records-per-second"),
                "operator@default",
                "ingest budgets",
                Instant.now());
        producer.send(
                new ProducerRecord<>(Topics.CONFIG_CHANGES, "performance-service", JSON.writeValueAsBytes(change)));
        producer.flush();
    }

    private static JsonNode stream(JsonNode budgets, String name) {
        for (JsonNode stream : budgets.path("streams")) {
            if (stream.path("stream").asString().equals(name)) {
                return stream;
            }
        }
        throw new AssertionError("no stream " + name + " in " + budgets);
    }
}
