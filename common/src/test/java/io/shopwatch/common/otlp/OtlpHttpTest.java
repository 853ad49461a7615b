package io.shopwatch.common.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.common.web.ShopWatchException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class OtlpHttpTest {

    @Test
    void statusProto_isGoogleRpcStatusOnTheWire() {
        byte[] bytes = OtlpHttp.statusProto(14, "busy");
        assertThat(bytes).containsExactly(0x08, 14, 0x12, 4, 'b', 'u', 's', 'y');
        byte[] longer = OtlpHttp.statusProto(3, "x".repeat(200));
        assertThat(longer[2]).isEqualTo((byte) 0x12);
        assertThat(longer[3] & 0xFF).isEqualTo(0x80 | (200 & 0x7F));
        assertThat(longer[4]).isEqualTo((byte) 1);
        assertThat(longer).hasSize(5 + 200);
    }

    @Test
    void grpcCode_mapsTheRefusalsOtlpNames() {
        assertThat(OtlpHttp.grpcCode(400)).isEqualTo(3);
        assertThat(OtlpHttp.grpcCode(415)).isEqualTo(3);
        assertThat(OtlpHttp.grpcCode(401)).isEqualTo(16);
        assertThat(OtlpHttp.grpcCode(403)).isEqualTo(7);
        assertThat(OtlpHttp.grpcCode(413)).isEqualTo(8);
        assertThat(OtlpHttp.grpcCode(429)).isEqualTo(8);
        assertThat(OtlpHttp.grpcCode(503)).isEqualTo(14);
        assertThat(OtlpHttp.grpcCode(500)).isEqualTo(13);
    }

    @Test
    void refusal_inJson_carriesTheCodeMessageAndRetryAfter() {
        ResponseEntity<byte[]> answer = OtlpHttp.refusal(
                new RetryLaterException(ProblemType.UNAVAILABLE, "Kafka is not acknowledging", Duration.ofSeconds(7)),
                true);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
        assertThat(new String(answer.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":14,\"message\":\"Kafka is not acknowledging\"}");
    }

    @Test
    void refusal_inProtobuf_isTheStatusMessage() {
        ResponseEntity<byte[]> answer =
                OtlpHttp.refusal(new ShopWatchException(ProblemType.PAYLOAD_TOO_LARGE, "too big"), false);

        assertThat(answer.getStatusCode().value()).isEqualTo(413);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/x-protobuf");
        assertThat(answer.getBody()).isEqualTo(OtlpHttp.statusProto(8, "too big"));
    }
}
