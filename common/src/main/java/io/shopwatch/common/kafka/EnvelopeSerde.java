package io.shopwatch.common.kafka;

import io.shopwatch.common.event.Envelope;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON serde of {@link Envelope} for Kafka producers and consumers. Usable from configuration by class name
 * ({@code value-serializer: io.shopwatch.common.kafka.EnvelopeSerde$EnvelopeSerializer}).
 */
public final class EnvelopeSerde implements Serde<Envelope> {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    @Override
    public Serializer<Envelope> serializer() {
        return new EnvelopeSerializer();
    }

    @Override
    public Deserializer<Envelope> deserializer() {
        return new EnvelopeDeserializer();
    }

    public static final class EnvelopeSerializer implements Serializer<Envelope> {
        @Override
        public byte[] serialize(String topic, Envelope envelope) {
            if (envelope == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(envelope);
            } catch (JacksonException e) {
                throw new SerializationException("cannot write envelope " + envelope.id(), e);
            }
        }
    }

    public static final class EnvelopeDeserializer implements Deserializer<Envelope> {
        @Override
        public Envelope deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return MAPPER.readValue(data, Envelope.class);
            } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                throw new SerializationException("not an envelope on " + topic + ": " + e.getMessage(), e);
            }
        }
    }
}
