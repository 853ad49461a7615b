package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The derived-metrics consumer in /actuator/health of the running service. */
class DerivedMetricsHealthIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    private final TestTokens tokens = TestTokens.shared();

    @Test
    void health_derivedMetrics_upWithLagAndLastCommit_detailsForAdminsOnly() {
        Envelope envelope = new Envelope(
                "health-1",
                "derived-health",
                "events",
                TelemetryType.EVENT,
                Instant.now(),
                JsonMapper.builder().build().readTree("{\"type\":\"checkout_start\",\"session_id\":\"s\"}"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    Topics.STORED,
                    "derived-health/events",
                    new EnvelopeSerde.EnvelopeSerializer().serialize(Topics.STORED, envelope)));
        }
        String admin = tokens.token("derived-health", Role.ADMIN);

        JsonNode derived = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> Http.get(port, "/actuator/health", admin)
                                .json()
                                .path("components")
                                .path("derivedMetrics"),
                        d -> !d.path("details")
                                        .path("lastCommit")
                                        .asString("none")
                                        .equals("none")
                                && d.path("details").path("lag").asLong(-1) == 0);

        assertThat(derived.get("status").asString()).isEqualTo("UP");
        assertThat(derived.get("details").get("state").asString()).isEqualTo("running");
        assertThat(Instant.parse(derived.get("details").get("lastPoll").asString()))
                .isAfterOrEqualTo(
                        Instant.parse(derived.get("details").get("lastCommit").asString()));
        assertThat(derived.get("details").get("failuresInARow").asInt()).isZero();
        JsonNode anonymous = Http.get(port, "/actuator/health", null).json();
        assertThat(anonymous.has("components")).isFalse();
    }
}
