package io.shopwatch.common.kafka;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON serde of {@link Envelope} for Kafka producers and consumers. Usable from configuration by class name
 * ({@code value-serializer: io.shopwatch.common.kafka.EnvelopeSerde$EnvelopeSerializer}).
 *
 * <p>The contract of the value: one JSON object whose fields are written in this order,
 * {@code {"id":"…","org":"…","stream":"…","type":"LOG|EVENT|METRIC|SPAN","timestamp":<microseconds since the
 * epoch>,"payload":{…}}}: the header first, so that a streaming reader has it before the payload. {@link #writeHeader}
 * writes it with a generator; the pipeline writes the same bytes without one for {@code shopwatch.stored}, and its
 * test checks them byte for byte against this serializer. Readers take the fields in any order and also accept the former
 * {@code timestamp} form, an RFC 3339 string, so that records written before the change keep working.
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

    /**
     * Writes the start of an envelope, everything up to and including the name {@code payload}: the caller then
     * writes the payload (one JSON value) and ends the object ({@link JsonGenerator#writeEndObject()}).
     *
     * @param timestampMicros the record's time, microseconds since the epoch
     */
    public static void writeHeader(
            JsonGenerator generator, String id, String org, String stream, TelemetryType type, long timestampMicros) {
        generator.writeStartObject();
        generator.writeStringProperty("id", id);
        generator.writeStringProperty("org", org);
        generator.writeStringProperty("stream", stream);
        generator.writeStringProperty("type", type.name());
        generator.writeNumberProperty("timestamp", timestampMicros);
        generator.writeName("payload");
    }

    /** Microseconds since the epoch of an instant (sub-microsecond digits are dropped). */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** The instant of a number of microseconds since the epoch. */
    public static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    public static final class EnvelopeSerializer implements Serializer<Envelope> {
        @Override
        public byte[] serialize(String topic, Envelope envelope) {
            if (envelope == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator generator = MAPPER.createGenerator(out)) {
                writeHeader(
                        generator,
                        envelope.id(),
                        envelope.org(),
                        envelope.stream(),
                        envelope.type(),
                        micros(envelope.timestamp()));
                generator.writeTree(envelope.payload());
                generator.writeEndObject();
            } catch (JacksonException | ArithmeticException e) {
                throw new SerializationException("cannot write envelope " + envelope.id(), e);
            }
            return out.toByteArray();
        }
    }

    /**
     * A reader of envelopes for consumers that need the header and only a few top-level fields of the payload (a
     * meter, a cache invalidator, a filter): the payload it returns holds only the named fields whose values are
     * scalars, and the rest of the payload is skipped by the parser without being built, which costs a fraction of a
     * full read on the stored topic's records.
     *
     * @param payloadFields the top-level payload fields to keep; empty keeps none (an empty object)
     */
    public static Deserializer<Envelope> partialDeserializer(Set<String> payloadFields) {
        return new EnvelopeDeserializer(Set.copyOf(payloadFields));
    }

    /**
     * A reader of whole envelopes of the given types only: for an envelope of another type it returns null, and it stops
     * reading as soon as the header has told the type (the writers put the header before the payload), so a consumer of
     * one type of a mixed topic does not pay for parsing the others.
     */
    public static Deserializer<Envelope> deserializerOf(Set<TelemetryType> types) {
        return new EnvelopeDeserializer(null, Set.copyOf(types));
    }

    public static final class EnvelopeDeserializer implements Deserializer<Envelope> {

        /** The payload fields to keep, or null for the whole payload. */
        private final Set<String> payloadFields;

        /** The types to read, or null for every type. */
        private final Set<TelemetryType> types;

        public EnvelopeDeserializer() {
            this(null, null);
        }

        private EnvelopeDeserializer(Set<String> payloadFields) {
            this(payloadFields, null);
        }

        private EnvelopeDeserializer(Set<String> payloadFields, Set<TelemetryType> types) {
            this.payloadFields = payloadFields;
            this.types = types;
        }

        @Override
        public Envelope deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try (JsonParser parser = MAPPER.createParser(data)) {
                return read(parser);
            } catch (JacksonException
                    | IllegalArgumentException
                    | NullPointerException
                    | DateTimeParseException
                    | ArithmeticException e) {
                throw new SerializationException("not an envelope on " + topic + ": " + e.getMessage(), e);
            }
        }

        private Envelope read(JsonParser parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an envelope is a JSON object");
            }
            String id = null;
            String org = null;
            String stream = null;
            TelemetryType type = null;
            Instant timestamp = null;
            JsonNode payload = null;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "id" -> id = text(parser, token, name);
                    case "org" -> org = text(parser, token, name);
                    case "stream" -> stream = text(parser, token, name);
                    case "type" -> {
                        String value = text(parser, token, name);
                        type = value == null ? null : TelemetryType.valueOf(value);
                    }
                    case "timestamp" -> timestamp = timestamp(parser, token);
                    case "payload" -> {
                        if (types != null && type != null && !types.contains(type)) {
                            return null;
                        }
                        payload = payloadFields == null ? parser.readValueAsTree() : partial(parser, token);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (types != null && type != null && !types.contains(type)) {
                return null;
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the envelope");
            }
            return new Envelope(id, org, stream, type, timestamp, payload);
        }

        /** The named top-level scalar fields of the payload the parser is at; everything else skipped unbuilt. */
        private JsonNode partial(JsonParser parser, JsonToken token) {
            if (token != JsonToken.START_OBJECT) {
                return parser.readValueAsTree();
            }
            ObjectNode kept = MAPPER.createObjectNode();
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (!payloadFields.contains(field) || value.isStructStart()) {
                    parser.skipChildren();
                    continue;
                }
                switch (value) {
                    case VALUE_STRING -> kept.put(field, parser.getString());
                    case VALUE_NUMBER_INT -> kept.put(field, parser.getLongValue());
                    case VALUE_NUMBER_FLOAT -> kept.put(field, parser.getDoubleValue());
                    case VALUE_TRUE, VALUE_FALSE -> kept.put(field, value == JsonToken.VALUE_TRUE);
                    default -> kept.putNull(field);
                }
            }
            return kept;
        }

        private static String text(JsonParser parser, JsonToken token, String name) {
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(name + " must be a string, not " + token);
            }
            return parser.getString();
        }

        /** Microseconds since the epoch (the contract), or the former RFC 3339 text. */
        private static Instant timestamp(JsonParser parser, JsonToken token) {
            return switch (token) {
                case VALUE_NUMBER_INT -> instantOfMicros(parser.getLongValue());
                case VALUE_NUMBER_FLOAT -> instantOfMicros((long) Math.floor(parser.getDoubleValue()));
                case VALUE_STRING -> Instant.parse(parser.getString());
                case VALUE_NULL -> null;
                default -> throw new IllegalArgumentException("timestamp must be a number, not " + token);
            };
        }
    }
}
