package io.shopwatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeSerdeTest {

    private final EnvelopeSerde serde = new EnvelopeSerde();

    @Test
    void roundTrip_keepsEveryField() {
        Envelope envelope = new Envelope(
                "id-1",
                "default",
                "orders",
                TelemetryType.EVENT,
                Instant.parse("2026-11-25T10:15:30.123456Z"),
                JsonMapper.builder().build().readTree("{\"type\":\"order_placed\",\"amount\":42.5}"));

        byte[] bytes = serde.serializer().serialize("t", envelope);
        Envelope back = serde.deserializer().deserialize("t", bytes);

        assertThat(back).isEqualTo(envelope);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"timestamp\":\"2026-11-25T10:15:30.123456Z\"");
    }

    @Test
    void deserialize_garbage_throwsSerializationException() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an envelope on t");
    }

    @Test
    void deserialize_missingId_throwsSerializationException() {
        byte[] json =
                "{\"org\":\"o\",\"stream\":\"s\",\"type\":\"LOG\",\"timestamp\":\"2026-11-25T10:15:30Z\",\"payload\":{}}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", json))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void nulls_passThrough() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void topics_rawAndDeadLetter() {
        assertThat(Topics.raw(TelemetryType.LOG)).isEqualTo("shopwatch.logs.raw");
        assertThat(Topics.deadLetter(Topics.LOGS_RAW)).isEqualTo("shopwatch.logs.raw.dlq");
        assertThat(Topics.isDeadLetter("shopwatch.logs.raw.dlq")).isTrue();
        assertThat(Topics.isDeadLetter(Topics.STORED)).isFalse();
    }
}
