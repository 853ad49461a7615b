package io.shopwatch.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class KafkaSamplePublisherTest {

    @Test
    void publish_noBroker_retryLater503WithRetryAfter() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + port,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        300,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        try {
            KafkaSamplePublisher publisher = new KafkaSamplePublisher(
                    new KafkaTemplate<>(factory), Duration.ofSeconds(2), Duration.ofSeconds(7));

            RetryLaterException e = catchThrowableOfType(
                    RetryLaterException.class,
                    () -> publisher.publish(List.of(new SamplePublisher.Outgoing("k", new byte[] {1}))));

            assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE);
            assertThat(e.retryAfterSeconds()).isEqualTo(7);
        } finally {
            factory.destroy();
        }
    }
}
