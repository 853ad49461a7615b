package io.shopwatch.logging.ingest;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a record's Kafka envelope straight to the bytes the producer sends, with a streaming generator: the header
 * of {@link EnvelopeSerde#writeHeader} (timestamp as microseconds), then the payload, whose fields the mapper writes
 * from the values it has just checked. Nothing is built in between: no {@code Envelope}, no edited tree.
 */
public final class EnvelopeWriter {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ExactBytes out = new ExactBytes();
    private final JsonGenerator generator;

    private EnvelopeWriter(String id, String org, String stream, TelemetryType type, long timestampMicros) {
        generator = JSON.createGenerator(out);
        EnvelopeSerde.writeHeader(generator, id, org, stream, type, timestampMicros);
        generator.writeStartObject();
    }

    /**
     * Starts an envelope: its header is written and its payload object opened. Write the payload's fields to
     * {@link #payload()}, then call {@link #finish()}.
     *
     * @param timestampMicros the record's time, microseconds since the epoch
     */
    public static EnvelopeWriter start(String id, String org, String stream, TelemetryType type, long timestampMicros) {
        return new EnvelopeWriter(id, org, stream, type, timestampMicros);
    }

    /** Where the payload's fields go. */
    public JsonGenerator payload() {
        return generator;
    }

    /** Closes the payload and the envelope: the bytes, exactly what the Kafka producer is handed. */
    public byte[] finish() {
        generator.writeEndObject();
        generator.writeEndObject();
        generator.close();
        return out.bytes();
    }

    /** Writes a property whose value is a parsed JSON value, copying it token by token. */
    public static void writeProperty(JsonGenerator generator, String name, JsonNode value) {
        generator.writeName(name);
        writeValue(generator, value);
    }

    /** Writes a parsed JSON value as it was read (numbers keep their type: 2 stays 2, 2.50 stays a double 2.5). */
    public static void writeValue(JsonGenerator generator, JsonNode value) {
        switch (value.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> property : value.properties()) {
                    generator.writeName(property.getKey());
                    writeValue(generator, property.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : value.values()) {
                    writeValue(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(value.stringValue());
            case BOOLEAN -> generator.writeBoolean(value.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case NUMBER -> {
                switch (value.numberType()) {
                    case INT -> generator.writeNumber(value.intValue());
                    case LONG -> generator.writeNumber(value.longValue());
                    case BIG_INTEGER -> generator.writeNumber(value.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(value.floatValue());
                    case DOUBLE -> generator.writeNumber(value.doubleValue());
                    default -> generator.writeNumber(value.decimalValue());
                }
            }
            default -> generator.writeTree(value);
        }
    }

    /**
     * Receives what the generator flushes, usually in one piece when it closes, and keeps exactly those bytes: one
     * copy from the generator's (recycled) buffer, none more.
     */
    private static final class ExactBytes extends OutputStream {

        private byte[] bytes = new byte[0];

        @Override
        public void write(int b) {
            bytes = Arrays.copyOf(bytes, bytes.length + 1);
            bytes[bytes.length - 1] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (bytes.length == 0) {
                bytes = Arrays.copyOfRange(b, off, off + len);
                return;
            }
            byte[] joined = Arrays.copyOf(bytes, bytes.length + len);
            System.arraycopy(b, off, joined, bytes.length, len);
            bytes = joined;
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
