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
import io.shopwatch.logging.ingest.RecordConstraints;
import io.shopwatch.logging.ingest.RecordIds;
import io.shopwatch.logging.ingest.RecordMapper;
import io.shopwatch.logging.ingest.RejectReason;
import io.shopwatch.logging.ingest.Timestamps;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
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
public final class LogRecordMapper implements RecordMapper {

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
        String givenId = null;
        String level = null;
        String service = null;
        String message = null;
        String traceId = null;
        String spanId = null;
        String givenStream = null;
        JsonNode timestampNode = null;
        ObjectNode attributes = null;
        List<String> unknown = null;
        for (Map.Entry<String, JsonNode> field : in.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "id" -> givenId = Fields.string("id", value);
                case "timestamp" -> timestampNode = value;
                case "level" -> level = Fields.string("level", value);
                case "service" -> service = Fields.string("service", value);
                case "message" -> message = Fields.string("message", value);
                case "trace_id" -> traceId = lower(Fields.string("trace_id", value));
                case "span_id" -> spanId = lower(Fields.string("span_id", value));
                case "stream" -> givenStream = Fields.string("stream", value);
                case "attributes" -> attributes = Fields.object("attributes", value);
                default -> {
                    if (unknown == null) {
                        unknown = new ArrayList<>();
                    }
                    unknown.add(field.getKey());
                }
            }
        }
        Instant timestamp = Timestamps.parse(timestampNode, receivedAt);
        String stream =
                givenStream == null || givenStream.isBlank() ? null : OpenObserveNames.streamName(givenStream.strip());

        // the constraints run on the values just read; a record is built only to explain a failure
        if (!constraints.valid(givenId, timestamp, level, service, message, traceId, spanId, stream, null)) {
            LogRecord record =
                    new LogRecord(givenId, timestamp, level, service, message, traceId, spanId, stream, null);
            Set<ConstraintViolation<LogRecord>> violations = constraints.validate(record);
            if (!violations.isEmpty()) {
                throw new InvalidRecordException(RejectReason.INVALID_FIELD, Fields.describe(violations, JSON_NAMES));
            }
        }

        String id = givenId != null ? givenId : RecordIds.next();
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
        if (attributes != null || unknown != null) {
            Fields.writeMerged(out, "attributes", attributes, in, unknown);
        }
        byte[] value = envelope.finish();
        return new MappedRecord.Accepted(id, id, value, null);
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
