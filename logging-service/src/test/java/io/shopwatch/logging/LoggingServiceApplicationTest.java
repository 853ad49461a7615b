package io.shopwatch.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.KafkaTestSupport;
import io.shopwatch.testkit.ServiceSmokeTest;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * The shared smoke checks with the shipped settings, against a broker so that the kafka health component is UP; and
 * with those settings (a producer observation per record) a record carries the request's trace.
 */
@EmbeddedKafka(topics = Topics.LOGS_RAW, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestPropertySource(
        properties = {
            "logging.level.org.apache.kafka=WARN",
            "logging.level.kafka=WARN",
            "logging.level.state.change.logger=WARN"
        })
class LoggingServiceApplicationTest extends ServiceSmokeTest {

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void ingest_withTheShippedSettings_carriesTheRequestsTraceIntoKafka() throws Exception {
        String id = "smoke-" + UUID.randomUUID();
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/logs"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.shared().token("default", Role.INGEST))
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "[{\"id\":\"" + id + "\",\"level\":\"info\",\"service\":\"smoke\",\"message\":\"hello\"}]"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records =
                KafkaTestSupport.read(bootstrapServers, Topics.LOGS_RAW, 1, Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> record =
                records.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01");
    }
}
