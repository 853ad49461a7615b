package io.shopwatch.logging.shippers.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.logging.ingest.IngestProperties;
import io.shopwatch.logging.ingest.RetryableIngestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;

class LokiRefusalsTest {

    @Test
    void unavailable_isPlainText503_withRetryAfter() {
        IngestProperties properties = new IngestProperties(
                DataSize.ofMegabytes(10),
                10_000,
                DataSize.ofMegabytes(32),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2));
        LokiPushController controller = new LokiPushController(null, null, properties);

        ResponseEntity<String> answer =
                controller.refused(new RetryableIngestException("Kafka did not acknowledge", 5, null));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(answer.getBody()).isEqualTo("Kafka did not acknowledge");
    }
}
