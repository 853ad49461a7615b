package io.shopwatch.logging.logs;

import io.shopwatch.common.event.LogRecord;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.logging.ingest.EnvelopeWriter;
import io.shopwatch.logging.ingest.Fields;
import io.shopwatch.logging.ingest.InvalidRecordException;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.ingest.RawJson;
import io.shopwatch.logging.ingest.RecordConstraints;
import io.shopwatch.logging.ingest.RecordIds;
import io.shopwatch.logging.ingest.RejectReason;
import io.shopwatch.logging.ingest.StreamingRecordMapper;
import io.shopwatch.logging.ingest.Timestamps;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks one log record against {@link LogRecord}'s constraints and builds its envelope for
 * {@value Topics#LOGS_RAW}.
 *
 * <p>Normalisation: a missing {@code id} is generated (UUIDv7), a missing {@code timestamp} is the time of receipt;
 * the timestamp is the envelope's (microseconds since the epoch) and is not repeated in the payload; {@code stream}
 * is normalised the way OpenObserve does it
 * ({@code Checkout-Logs} becomes {@code checkout_logs}) and defaults to {@code logs}, {@code trace_id} and
 * {@code span_id} are lower-cased. Top-level fields that are not part of the model are moved into
 * {@code attributes} (an attribute of the same name wins), so flat OpenObserve-style records keep their fields.
 *
 * <p>Cost: one pass over the record's parsed fields, the constraint checks of {@link RecordConstraints} on the values
 * read (no record is built unless one fails), and one streaming write of the envelope ({@link EnvelopeWriter}); the
 * parsed tree is not edited.
 *
 * <p>Key: the record id. Retries and redeliveries of one record then land on one partition, where the pipeline's
 * de-duplication sees them together; logs of one service spread over all partitions.
 */
public final class LogRecordMapper implements StreamingRecordMapper {

    private static final Map<String, String> JSON_NAMES = Map.of("traceId", "trace_id", "spanId", "span_id");

    private final RecordConstraints<LogRecord> constraints;

    public LogRecordMapper(Validator validator) {
        this.constraints = RecordConstraints.of(LogRecord.class, validator);
    }

    @Override
    public String kind() {
        return "logs";
    }

    @Override
    public String topic() {
        return Topics.LOGS_RAW;
    }

    @Override
    public MappedRecord map(JsonNode node, String org, Instant receivedAt) {
        if (!(node instanceof ObjectNode in)) {
            throw new InvalidRecordException(
                    RejectReason.NOT_AN_OBJECT, "a log record must be a JSON object, not " + Fields.typeOf(node));
        }
        Values values = new Values();
        ObjectNode attributes = null;
        List<String> unknown = null;
        for (Map.Entry<String, JsonNode> field : in.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "timestamp" -> values.timestamp = value;
                case "attributes" -> attributes = Fields.object("attributes", value);
                default -> {
                    if (Values.STRINGS.contains(name)) {
                        values.string(name, Fields.string(name, value));
                    } else {
                        if (unknown == null) {
                            unknown = new ArrayList<>();
                        }
                        unknown.add(name);
                    }
                }
            }
        }
        Instant timestamp = Timestamps.parse(values.timestamp, receivedAt);
        ObjectNode given = attributes;
        List<String> moved = unknown;
        return envelope(
                org,
                values,
                timestamp,
                given != null || moved != null ? out -> Fields.writeMerged(out, "attributes", given, in, moved) : null);
    }

    /**
     * Reads a record straight from the body's parser. The usual shape (the model's fields, string or null, and an
     * {@code attributes} object) is read in one pass and its {@code attributes} copied into the envelope as the body
     * has them, byte for byte; a record with top-level fields outside the model, or a value of an unexpected type, is
     * left to {@link #map(JsonNode, String, Instant)}, which moves the fields into {@code attributes} and names the
     * problem exactly as before.
     */
    @Override
    public MappedRecord read(JsonParser parser, byte[] body, String org, Instant receivedAt) {
        Values values = new Values();
        RawJson attributes = null;
        boolean tree = false;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!tree) {
                switch (name) {
                    case "timestamp" -> values.timestamp = parser.readValueAsTree();
                    case "attributes" -> {
                        if (value == JsonToken.START_OBJECT) {
                            attributes = RawJson.ofValue(parser, body);
                        } else if (value == JsonToken.VALUE_NULL) {
                            attributes = null;
                        } else {
                            tree = true;
                        }
                    }
                    default -> {
                        String text = Values.STRINGS.contains(name) ? string(parser, value) : NOT_A_STRING;
                        if (text == NOT_A_STRING) {
                            tree = true;
                        } else {
                            values.string(name, text);
                        }
                    }
                }
            }
            if (tree) {
                parser.skipChildren();
            }
        }
        if (tree) {
            return null;
        }
        try {
            Instant timestamp = Timestamps.parse(values.timestamp, receivedAt);
            RawJson raw = attributes;
            return envelope(
                    org,
                    values,
                    timestamp,
                    raw == null
                            ? null
                            : out -> {
                                out.writeName("attributes");
                                out.writeRawValue(raw);
                            });
        } catch (InvalidRecordException e) {
            return new MappedRecord.Rejected(values.id, e.reason(), e.getMessage());
        }
    }

    /** A string value, {@code null} for JSON null, {@link #NOT_A_STRING} for any other type. */
    private static String string(JsonParser parser, JsonToken value) {
        return switch (value) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NULL -> null;
            default -> NOT_A_STRING;
        };
    }

    /** Marks a field read by {@link #string} that is not a string: the record is then mapped from its tree. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String NOT_A_STRING = new String("not a string");

    /**
     * Checks the values read and writes the envelope: the same for a record read from its tree and one read from the
     * parser.
     *
     * @param attributes writes the payload's {@code attributes} property, or {@code null} when there is none
     */
    private MappedRecord envelope(String org, Values values, Instant timestamp, Consumer<JsonGenerator> attributes) {
        String id = values.id;
        String level = values.level;
        String service = values.service;
        String message = values.message;
        String traceId = values.traceId;
        String spanId = values.spanId;
        String stream = values.stream == null || values.stream.isBlank()
                ? null
                : OpenObserveNames.streamName(values.stream.strip());

        // the constraints run on the values just read; a record is built only to explain a failure
        if (!constraints.valid(id, timestamp, level, service, message, traceId, spanId, stream, null)) {
            LogRecord record = new LogRecord(id, timestamp, level, service, message, traceId, spanId, stream, null);
            Set<ConstraintViolation<LogRecord>> violations = constraints.validate(record);
            if (!violations.isEmpty()) {
                throw new InvalidRecordException(RejectReason.INVALID_FIELD, Fields.describe(violations, JSON_NAMES));
            }
        }

        if (id == null) {
            id = RecordIds.next();
        }
        String streamName = stream != null ? stream : LogRecord.DEFAULT_STREAM;
        EnvelopeWriter envelope =
                EnvelopeWriter.start(id, org, streamName, TelemetryType.LOG, EnvelopeSerde.micros(timestamp));
        JsonGenerator out = envelope.payload();
        out.writeStringProperty("id", id);
        out.writeStringProperty("level", level);
        out.writeStringProperty("service", service);
        out.writeStringProperty("message", message);
        if (traceId != null) {
            out.writeStringProperty("trace_id", traceId);
        }
        if (spanId != null) {
            out.writeStringProperty("span_id", spanId);
        }
        out.writeStringProperty("stream", streamName);
        if (attributes != null) {
            attributes.accept(out);
        }
        byte[] value = envelope.finish();
        return new MappedRecord.Accepted(id, id, value, null);
    }

    /** The model's fields of one record as read, from its tree or from the parser. */
    private static final class Values {

        /** The fields whose values are strings (or null). */
        static final Set<String> STRINGS = Set.of("id", "level", "service", "message", "trace_id", "span_id", "stream");

        String id;
        String level;
        String service;
        String message;
        String traceId;
        String spanId;
        String stream;
        JsonNode timestamp;

        /** Keeps the value of one of {@link #STRINGS}; trace and span ids lower-cased. */
        void string(String name, String value) {
            switch (name) {
                case "id" -> id = value;
                case "level" -> level = value;
                case "service" -> service = value;
                case "message" -> message = value;
                case "trace_id" -> traceId = lower(value);
                case "span_id" -> spanId = lower(value);
                case "stream" -> stream = value;
                default -> throw new IllegalArgumentException("not a string field of a log record: " + name);
            }
        }
    }

    private static String lower(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isUpperCase(value.charAt(i))) {
                return value.toLowerCase(Locale.ROOT);
            }
        }
        return value;
    }
}
