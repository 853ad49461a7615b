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
    }

    @Test
    void serialize_writesTheContract_headerInOrder_timestampAsMicros_payloadLast() {
        Envelope envelope = new Envelope(
                "id-1",
                "acme",
                "orders",
                TelemetryType.LOG,
                Instant.parse("2026-11-25T10:15:30.123456789Z"),
                JsonMapper.builder().build().readTree("{\"level\":\"info\",\"n\":1}"));

        String json = new String(serde.serializer().serialize("t", envelope), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo("{\"id\":\"id-1\",\"org\":\"acme\",\"stream\":\"orders\",\"type\":\"LOG\","
                        + "\"timestamp\":1795601730123456,\"payload\":{\"level\":\"info\",\"n\":1}}");
    }

    @Test
    void deserialize_formerForm_timestampAsRfc3339Text() {
        byte[] json = ("{\"id\":\"id-1\",\"org\":\"o\",\"stream\":\"s\",\"type\":\"EVENT\","
                        + "\"timestamp\":\"2026-11-25T10:15:30.123456Z\",\"payload\":{\"a\":[1,2]}}")
                .getBytes(StandardCharsets.UTF_8);

        Envelope envelope = serde.deserializer().deserialize("t", json);

        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123456Z"));
        assertThat(envelope.type()).isEqualTo(TelemetryType.EVENT);
        assertThat(envelope.payload().get("a").get(1).asInt()).isEqualTo(2);
    }

    @Test
    void deserialize_fieldsInAnyOrder_andUnknownFieldsSkipped() {
        byte[] json = ("{\"payload\":{\"x\":{\"y\":1}},\"extra\":{\"z\":[1]},\"timestamp\":-1,\"type\":\"SPAN\","
                        + "\"stream\":\"s\",\"org\":\"o\",\"id\":\"i\"}")
                .getBytes(StandardCharsets.UTF_8);

        Envelope envelope = serde.deserializer().deserialize("t", json);

        assertThat(envelope.id()).isEqualTo("i");
        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(envelope.payload().get("x").get("y").asInt()).isEqualTo(1);
    }

    @Test
    void deserialize_timestampOfAnotherType_throwsSerializationException() {
        byte[] json = "{\"id\":\"i\",\"org\":\"o\",\"stream\":\"s\",\"type\":\"LOG\",\"timestamp\":true,\"payload\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("timestamp");
    }

    @Test
    void micros_andBack() {
        Instant instant = Instant.parse("2026-11-25T10:15:30.123456Z");
        assertThat(EnvelopeSerde.micros(instant)).isEqualTo(1_795_601_730_123_456L);
        assertThat(EnvelopeSerde.instantOfMicros(1_795_601_730_123_456L)).isEqualTo(instant);
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

    @Test
    void partialDeserializer_keepsTheHeaderAndOnlyTheNamedScalarFieldsOfThePayload() {
        byte[] bytes = ("{\"id\":\"id-7\",\"org\":\"acme\",\"stream\":\"web\",\"type\":\"LOG\","
                        + "\"timestamp\":1764065730123456,\"payload\":{\"message\":\"a long text\","
                        + "\"level\":\"ERROR\",\"status\":503,\"nested\":{\"level\":\"info\",\"a\":[1,{\"b\":2}]},"
                        + "\"severity\":{\"x\":1},\"ratio\":0.5,\"ok\":true,\"gone\":null}}")
                .getBytes(StandardCharsets.UTF_8);

        Envelope partial = EnvelopeSerde.partialDeserializer(
                        java.util.Set.of("level", "status", "severity", "ok", "gone"))
                .deserialize("t", bytes);
        Envelope full = serde.deserializer().deserialize("t", bytes);

        assertThat(partial.id()).isEqualTo("id-7");
        assertThat(partial.org()).isEqualTo("acme");
        assertThat(partial.stream()).isEqualTo("web");
        assertThat(partial.type()).isEqualTo(TelemetryType.LOG);
        assertThat(partial.timestamp()).isEqualTo(full.timestamp());
        // nested objects are skipped even when named; unnamed fields are not kept
        assertThat(partial.payload().toString())
                .isEqualTo("{\"level\":\"ERROR\",\"status\":503,\"ok\":true,\"gone\":null}");
        assertThat(EnvelopeSerde.partialDeserializer(java.util.Set.of())
                        .deserialize("t", bytes)
                        .payload()
                        .isEmpty())
                .isTrue();
    }

    @Test
    void partialDeserializer_refusesWhatTheFullReaderRefuses() {
        byte[] trailing =
                "{\"id\":\"a\",\"org\":\"o\",\"stream\":\"s\",\"type\":\"LOG\",\"timestamp\":1,\"payload\":{}} x"
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EnvelopeSerde.partialDeserializer(java.util.Set.of("level"))
                        .deserialize("t", trailing))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void deserializerOf_readsWholeEnvelopesOfItsTypes_andNullForOthers_evenAfterThePayload() {
        var events = EnvelopeSerde.deserializerOf(java.util.Set.of(TelemetryType.EVENT));
        byte[] event = ("{\"id\":\"e\",\"org\":\"o\",\"stream\":\"orders\",\"type\":\"EVENT\",\"timestamp\":1,"
                        + "\"payload\":{\"items\":[{\"sku\":\"a\"}]}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] log =
                "{\"id\":\"l\",\"org\":\"o\",\"stream\":\"web\",\"type\":\"LOG\",\"timestamp\":1,\"payload\":{\"m\":1}}"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] logTypeLast =
                "{\"payload\":{\"m\":1},\"id\":\"l\",\"org\":\"o\",\"stream\":\"web\",\"timestamp\":1,\"type\":\"LOG\"}"
                        .getBytes(StandardCharsets.UTF_8);

        assertThat(events.deserialize("t", event))
                .isEqualTo(serde.deserializer().deserialize("t", event));
        assertThat(events.deserialize("t", log)).isNull();
        assertThat(events.deserialize("t", logTypeLast)).isNull();
    }
}
