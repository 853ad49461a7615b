package io.shopwatch.logging.shippers.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import io.shopwatch.logging.ingest.RetryableIngestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** OTLP's refusals: {@code google.rpc.Status} in the request's encoding, 503 with Retry-After, which exporters retry. */
class OtlpRefusalsTest {

    private final OtlpLogsController controller = new OtlpLogsController(null, null);

    @Test
    void unavailable_protobuf_isAStatusMessage_withRetryAfter() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/logs");
        request.setContentType("application/x-protobuf");

        ResponseEntity<byte[]> answer =
                controller.refused(new RetryableIngestException("Kafka did not acknowledge", 5, null), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        CodedInputStream status = CodedInputStream.newInstance(answer.getBody());
        assertThat(status.readTag()).isEqualTo(1 << 3);
        assertThat(status.readInt32()).as("UNAVAILABLE").isEqualTo(14);
        assertThat(status.readTag()).isEqualTo((2 << 3) | 2);
        assertThat(status.readString()).isEqualTo("Kafka did not acknowledge");
    }

    @Test
    void unavailable_json_isAStatusObject() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/logs");
        request.setContentType("application/json");

        ResponseEntity<byte[]> answer =
                controller.refused(new RetryableIngestException("saturated \"now\"", 5, null), request);

        assertThat(new String(answer.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":14,\"message\":\"saturated \\\"now\\\"\"}");
    }
}
