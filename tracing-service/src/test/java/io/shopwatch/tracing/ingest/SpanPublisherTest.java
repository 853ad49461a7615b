package io.shopwatch.tracing.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.common.trace.SpanRows;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.tracing.otlp.OtlpTraceController;
import io.shopwatch.tracing.settings.TracingProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** Kafka unable to take spans: a 503 with Retry-After, which OTLP clients retry. */
class SpanPublisherTest {

    private static KafkaTemplate<String, byte[]> deadBroker() {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 300,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 500,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 400),
                new StringSerializer(),
                new ByteArraySerializer()));
    }

    private static Map<String, Object> row() {
        return Map.of(
                SpanRows.TRACE_ID, "5b8efff798038103d269b633813fc60c",
                SpanRows.SPAN_ID, "eee19b7ec3c1b174",
                SpanRows.TIMESTAMP, 1_700_000_000_000_000L);
    }

    @Test
    void publish_whenKafkaCannotTakeTheSpans_isA503WithRetryAfter() {
        KafkaTemplate<String, byte[]> template = deadBroker();
        SpanPublisher publisher = new SpanPublisher(template, "default", Duration.ofSeconds(2), Duration.ofSeconds(7));
        try {
            RetryLaterException e =
                    catchThrowableOfType(RetryLaterException.class, () -> publisher.publish("shop-a", List.of(row())));
            assertThat(e.type().status()).isEqualTo(503);
            assertThat(e.retryAfterSeconds()).isEqualTo(7);

            OtlpTraceController controller = new OtlpTraceController(
                    new SpanIntake(publisher, null, null),
                    request -> "shop-a",
                    new TracingProperties(
                            "default",
                            DataSize.ofMegabytes(1),
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(7),
                            Duration.ofHours(6),
                            List.of("default"),
                            Duration.ofMinutes(1)));
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/traces");
            request.setContentType("application/x-protobuf");
            ResponseEntity<byte[]> answer = controller.refused(e, request);
            assertThat(answer.getStatusCode().value()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
            assertThat(answer.getBody()[0]).isEqualTo((byte) 0x08);
            assertThat(answer.getBody()[1]).as("gRPC UNAVAILABLE").isEqualTo((byte) 14);
        } finally {
            template.destroy();
        }
    }
}
