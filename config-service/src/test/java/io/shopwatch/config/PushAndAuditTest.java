package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.config.ConfigApi.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Change events, audit entries and the four-eyes rule, through HTTP and a real broker. */
class PushAndAuditTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-p";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Test
    void publishAndRollback_areAnnounced_withReleaseIdAndDiffSummary_andAudited() {
        String token = operator(ORG);
        long first = api.draftAndPublish("pushed", "prod", token, "{\"a\":1,\"secret\":\"{cipher}pw\"}", "one")
                .json()
                .path("id")
                .asLong();
        long second = api.draftAndPublish("pushed", "prod", token, "{\"a\":2,\"b\":true}", "two")
                .json()
                .path("id")
                .asLong();
        api.post("/api/v1/config/pushed/prod/rollback", token, "{\"release\":" + first + "}");

        JsonNode published = awaitRecord(
                Topics.CONFIG_CHANGES, "pushed", c -> c.path("release_id").asLong() == second);
        assertThat(published.path("operation").asString()).isEqualTo("PUBLISH");
        assertThat(published.path("previous_release_id").asLong()).isEqualTo(first);
        assertThat(published.path("org").asString()).isEqualTo(ORG);
        assertThat(published.path("summary").asString()).startsWith("+1 -1 ~1");
        assertThat(published.path("changed_keys").valueStream().map(JsonNode::asString))
                .containsExactly("a", "b", "secret");
        JsonNode rolledBack = awaitRecord(Topics.CONFIG_CHANGES, "pushed", c -> c.path("operation")
                .asString()
                .equals("ROLLBACK"));
        assertThat(rolledBack.path("release_id").asLong()).isEqualTo(first);
        assertThat(rolledBack.toString()).doesNotContain("pw\"");

        JsonNode audit = awaitRecord(
                Topics.AUDIT,
                ORG,
                e -> e.path("attributes").path("audit_action").asString().equals("config.rollback"));
        assertThat(audit.path("attributes").path("actor").asString()).isEqualTo("operator@" + ORG);
        assertThat(audit.path("attributes").path("target").asString()).isEqualTo("pushed/prod");
        assertThat(audit.path("attributes").path("detail_release_id").asLong()).isEqualTo(first);
    }

    @Test
    void fourEyesProfile_needsASecondPersonToPublish() {
        api.put("/api/v1/config/guarded/four-eyes/draft", operator(ORG), "{\"x\":1}");

        Answer self = api.post("/api/v1/config/guarded/four-eyes/publish", operator(ORG), "{\"reason\":\"mine\"}");
        assertThat(self.status()).as(self.body()).isEqualTo(403);
        assertThat(self.body()).contains("second person");
        assertThat(api.get("/api/v1/config/guarded/four-eyes/releases", viewer(ORG))
                        .json())
                .isEmpty();

        Answer other =
                api.post("/api/v1/config/guarded/four-eyes/publish", otherOperator(ORG), "{\"reason\":\"approved\"}");
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        assertThat(other.json().path("author").asString()).isEqualTo("second-operator@" + ORG);
        assertThat(other.json().path("edited_by").asString()).isEqualTo("operator@" + ORG);
    }

    /** The payload (for audit: the envelope's log record) of the first record with this key that matches. */
    private JsonNode awaitRecord(String topic, String key, Predicate<JsonNode> wanted) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!key.equals(record.key())) {
                        continue;
                    }
                    JsonNode value = JSON.readTree(record.value());
                    JsonNode payload = value.has("payload") ? value.path("payload") : value;
                    Optional<JsonNode> match = Optional.of(payload).filter(wanted);
                    if (match.isPresent()) {
                        return match.get();
                    }
                }
            }
        }
        throw new AssertionError("no matching record with key " + key + " on " + topic);
    }
}
