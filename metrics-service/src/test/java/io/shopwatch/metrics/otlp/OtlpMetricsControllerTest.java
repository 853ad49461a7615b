package io.shopwatch.metrics.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The refusal answers OTLP exporters act on; the rest of the controller is exercised by OtlpMetricsIT. */
class OtlpMetricsControllerTest {

    private final OtlpMetricsController controller = new OtlpMetricsController(
            null,
            null,
            null,
            null,
            null,
            new io.shopwatch.metrics.MetricsProperties(
                    1,
                    1,
                    1,
                    1,
                    1,
                    1,
                    Duration.ofHours(1),
                    Duration.ofHours(1),
                    Duration.ofHours(1),
                    1,
                    org.springframework.util.unit.DataSize.ofMegabytes(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1,
                    1,
                    Duration.ofSeconds(1),
                    org.springframework.util.unit.DataSize.ofMegabytes(1),
                    16,
                    1,
                    1));

    @Test
    void refused_kafkaUnavailable_503WithRetryAfterAndRpcStatus() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/metrics");
        request.setContentType("application/x-protobuf");

        ResponseEntity<byte[]> answer = controller.refused(
                new RetryLaterException(ProblemType.UNAVAILABLE, "Kafka did not acknowledge", Duration.ofSeconds(5)),
                request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        CodedInputStream status = CodedInputStream.newInstance(answer.getBody());
        assertThat(status.readTag()).isEqualTo(1 << 3);
        assertThat(status.readInt32()).isEqualTo(14);
        assertThat(status.readTag()).isEqualTo((2 << 3) | 2);
        assertThat(status.readString()).isEqualTo("Kafka did not acknowledge");
    }

    @Test
    void refused_json_statusAsJson() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/metrics");
        request.setContentType("application/json");

        ResponseEntity<byte[]> answer = controller.refused(
                new io.shopwatch.common.web.ShopWatchException(ProblemType.PAYLOAD_TOO_LARGE, "too big"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(413);
        assertThat(new String(answer.getBody())).isEqualTo("{\"code\":8,\"message\":\"too big\"}");
    }
}
