package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Budgets end to end: records reported on {@code shopwatch.stored} are metered, the org {@code budgeted} has a budget
 * of 0.01 records/s on its stream {@code web} (FrontendTestSupport), and the rate that keeps it there is served at
 * {@code GET /api/v1/performance/budgets} and published on {@code shopwatch.sampling}.
 */
class BudgetsApiTest extends FrontendTestSupport {

    @Test
    void storedRecordsBeyondTheBudget_lowerTheRate_servedAndPublished() throws Exception {
        for (int i = 0; i < 5; i++) {
            announceStored("budgeted", "web", Instant.now());
        }
        announceStored("budgeted", "payments", Instant.now());
        String token = TestTokens.shared().token("someone", "budgeted", Role.VIEWER);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<byte[]> answer =
                    send(frontend("/api/v1/performance/budgets"), "GET", null, "Authorization", "Bearer " + token);
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode budgets = JSON.readTree(answer.body());
            assertThat(budgets.path("org").asString()).isEqualTo("budgeted");
            assertThat(budgets.path("errorsNeverSampled").asBoolean()).isTrue();
            JsonNode web = stream(budgets, "web");
            assertThat(web.path("rate").asDouble()).isLessThan(1.0);
            assertThat(web.path("limitedBy").asString()).isEqualTo("stream records/s");
            JsonNode payments = stream(budgets, "payments");
            assertThat(payments.path("rate").asDouble()).isEqualTo(1.0);
            assertThat(payments.path("neverSampled").asBoolean()).isTrue();
        });

        List<ConsumerRecord<String, byte[]>> published = KafkaTestSupport.read(
                kafka.getBrokersAsString(), "shopwatch.sampling", Integer.MAX_VALUE, Duration.ofSeconds(5));
        assertThat(published)
                .filteredOn(record -> "budgeted/web".equals(record.key()))
                .isNotEmpty()
                .last()
                .satisfies(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                        .contains("\"limitedBy\":\"stream records/s\""));
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
