package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With no broker behind the configured address, a batch is answered 503 problem+json with Retry-After within a few
 * seconds — never 2xx, never a hang — and health says why.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.security.enabled=false",
            // details are for admins by default; with security off here, they are shown to read the Kafka component
            "management.endpoint.health.show-details=always",
            "spring.kafka.producer.properties.max.block.ms=1000",
            "spring.kafka.producer.properties.request.timeout.ms=1000",
            "spring.kafka.producer.properties.delivery.timeout.ms=2000",
            "KAFKA_ADMIN_TIMEOUT_MS=1000",
            "shopwatch.ingest.retry-after=7s",
            "shopwatch.ingest.health-timeout=1s",
            "logging.level.org.apache.kafka=ERROR"
        })
class KafkaUnavailableIT {

    /** A port nothing listens on. */
    static final int DEAD_PORT = closedPort();

    @DynamicPropertySource
    static void deadBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + DEAD_PORT);
    }

    @LocalServerPort
    int port;

    @Test
    void batch_whenKafkaIsUnreachable_is503ProblemJsonWithRetryAfter_withinSeconds() {
        IngestHttp http = new IngestHttp(port);
        String body = "[{\"level\":\"info\",\"service\":\"s\",\"message\":\"m\"},"
                + "{\"level\":\"info\",\"service\":\"s\",\"message\":\"n\"}]";

        Instant start = Instant.now();
        HttpResponse<String> response = http.postJson("/api/v1/logs", body);
        Duration took = Duration.between(start, Instant.now());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = IngestHttp.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://shopwatch.io/problems/unavailable");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/logs");
        assertThat(problem.get("detail").asString()).contains("send it again");

        HttpResponse<String> events = http.postJson(
                "/api/v1/events", "[{\"type\":\"page_view\",\"session_id\":\"s\",\"properties\":{\"url\":\"/\"}}]");
        assertThat(events.statusCode()).isEqualTo(503);

        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("shopwatch_ingest_kafka_failures_total\\{[^}]*kind=\"logs\"[^}]*} 1.0")
                .containsPattern(
                        "shopwatch_ingest_records_total\\{[^}]*kind=\"logs\",outcome=\"failed\",reason=\"kafka\"[^}]*} 2.0");
    }

    @Test
    void health_reportsKafkaDown_butTheServiceStaysReady() {
        IngestHttp http = new IngestHttp(port);

        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode kafka = IngestHttp.json(health).get("components").get("kafka");
        assertThat(kafka.get("status").asString()).isEqualTo("DOWN");
        assertThat(kafka.get("details").get("error").asString()).isNotBlank();

        assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
