package io.shopwatch.logging.shippers;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.RetryableIngestException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Backpressure and refusals in OpenObserve's shape: the status, the body, and Retry-After that shippers honour. */
class ShipperRefusalsTest {

    @Test
    void refusal_unavailable_is503WithRetryAfter_inOpenObservesShape() {
        ResponseEntity<OpenObserveAnswers.Refusal> answer =
                OpenObserveErrors.refusal(new RetryableIngestException("Kafka did not acknowledge", 7, null));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
        assertThat(answer.getBody()).isEqualTo(new OpenObserveAnswers.Refusal(503, "Kafka did not acknowledge"));
    }

    @Test
    void refusal_tooLarge_is413_withoutRetryAfter() {
        ResponseEntity<OpenObserveAnswers.Refusal> answer =
                OpenObserveErrors.refusal(new ShopWatchException(ProblemType.PAYLOAD_TOO_LARGE, "too big"));

        assertThat(answer.getStatusCode().value()).isEqualTo(413);
        assertThat(answer.getHeaders().containsHeader("Retry-After")).isFalse();
        assertThat(answer.getBody().code()).isEqualTo(413);
    }
}
