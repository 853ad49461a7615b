package io.shopwatch.logging.shippers;

import io.shopwatch.common.event.StreamNames;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.logging.ingest.EnvelopeWriter;
import io.shopwatch.logging.ingest.Fields;
import io.shopwatch.logging.ingest.InvalidRecordException;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.ingest.RecordMapper;
import io.shopwatch.logging.ingest.RejectReason;
import io.shopwatch.logging.ingest.Timestamps;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A log record as log shippers send it (OpenObserve's {@code _json}, {@code _multi} and {@code _bulk}, and the records
 * the OTLP and Loki decoders build): any JSON object, whose fields are stored as they came, as OpenObserve stores them.
 * Its envelope goes to {@value Topics#LOGS_RAW} like every log record.
 *
 * <p>What is added so that the record reads like every other log (the pipeline requires {@code level}, {@code
 * service} and {@code message}):
 *
 * <ul>
 *   <li>{@code message}: the record's {@code message}, else a copy of {@code msg}, {@code log} or {@code body} (the
 *       field itself stays); a record with none of them is rejected;
 *   <li>{@code level}: the record's {@code level} (pino's numbers 10 to 60 become {@code trace} ... {@code fatal}),
 *       else {@code severity}, else {@code info};
 *   <li>{@code service}: the record's {@code service}, else {@code service_name}, else the stream's name;
 *   <li>{@code id}: the record's {@code id} or {@code _id} (a bulk action's {@code _id}), else derived from the
 *       record's content (SHA-256), so that a shipper's retry of the same record is stored once. A record without its
 *       own time gets the time of receipt mixed into that id: two identical lines sent at different times without a
 *       time are two records.
 * </ul>
 *
 * <p>The time is {@code _timestamp} or {@code @timestamp} (OpenObserve's fields; RFC 3339 or epoch in any unit; not
 * repeated in the payload), else {@code timestamp}, {@code time} or {@code date} when one reads as a time (the defaults
 * of Vector, pino and Fluent Bit; kept as fields), else the time of receipt; it becomes the envelope's time. A field named {@code level},
 * {@code service} or {@code message} that holds an object is written as its flattened members ({@code service_name}),
 * as the store would have stored it.
 */
public final class ShipperLogMapper implements RecordMapper {

    /** The fields a shipper may carry the record's text in, after {@code message}. */
    private static final String[] MESSAGE_FIELDS = {"msg", "log", "body"};

    /**
     * Where shippers put the time when not told otherwise (Vector {@code timestamp}, pino {@code time}, Fluent Bit
     * {@code date}): used when it reads as a time, and kept as a field.
     */
    private static final String[] OTHER_TIME_FIELDS = {"timestamp", "time", "date"};

    /** The fields written from derived values; an object there is written as its flattened members. */
    private static final String[] DERIVED = {"level", "service", "message"};

    private static final int MAX_ID = 128;
    private static final int MAX_LEVEL = 16;
    private static final int MAX_SERVICE = 128;
    private static final int MAX_MESSAGE = 65_536;

    private static final Pattern STREAM = Pattern.compile(StreamNames.PATTERN);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private final String defaultStream;

    /** @param defaultStream the stream of records whose wire format names none */
    public ShipperLogMapper(String defaultStream) {
        this.defaultStream = defaultStream;
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
    public MappedRecord map(JsonNode record, String org, Instant receivedAt) {
        return map(record, org, null, receivedAt);
    }

    @Override
    public MappedRecord map(JsonNode node, String org, String givenStream, Instant receivedAt) {
        if (!(node instanceof ObjectNode in)) {
            throw new InvalidRecordException(
                    RejectReason.NOT_AN_OBJECT, "a log record must be a JSON object, not " + Fields.typeOf(node));
        }
        String stream = stream(givenStream);
        for (String name : DERIVED) {
            if (in.path(name).isArray()) {
                throw invalid("/" + name + ": must be a string, not an array");
            }
        }
        JsonNode time = in.get("_timestamp");
        if (time == null || time.isNull()) {
            time = in.get("@timestamp");
        }
        boolean ownTime = time != null && !time.isNull();
        Instant timestamp = Timestamps.parse(time, receivedAt);
        for (int i = 0; !ownTime && i < OTHER_TIME_FIELDS.length; i++) {
            JsonNode other = in.get(OTHER_TIME_FIELDS[i]);
            if (other != null && (other.isNumber() || other.isString())) {
                try {
                    timestamp = Timestamps.parse(other, receivedAt);
                    ownTime = true;
                } catch (InvalidRecordException e) {
                    // not a time after all: an ordinary field
                }
            }
        }

        String id = text(in, "id");
        if (id == null) {
            id = text(in, "_id");
        }
        if (id != null && (id.isBlank() || id.length() > MAX_ID)) {
            throw invalid("/id: must be 1 to " + MAX_ID + " characters");
        }
        String message = scalar(in.get("message"));
        for (int i = 0; message == null && i < MESSAGE_FIELDS.length; i++) {
            message = scalar(in.get(MESSAGE_FIELDS[i]));
        }
        if (message == null) {
            throw invalid("/message: a log record needs its text in message, msg, log or body");
        }
        if (message.length() > MAX_MESSAGE) {
            throw invalid("/message: must be at most " + MAX_MESSAGE + " characters");
        }
        String level = level(in.get("level"));
        if (level == null) {
            level = scalar(in.get("severity"));
        }
        if (level == null || level.isBlank()) {
            level = "info";
        }
        if (level.length() > MAX_LEVEL) {
            throw invalid("/level: must be at most " + MAX_LEVEL + " characters");
        }
        String service = scalar(in.get("service"));
        if (service == null || service.isBlank()) {
            service = scalar(in.get("service_name"));
        }
        if (service == null || service.isBlank()) {
            service = stream;
        }
        if (service.length() > MAX_SERVICE) {
            throw invalid("/service: must be at most " + MAX_SERVICE + " characters");
        }
        if (id == null) {
            id = contentId(in, ownTime ? null : receivedAt);
        }

        EnvelopeWriter envelope =
                EnvelopeWriter.start(id, org, stream, TelemetryType.LOG, EnvelopeSerde.micros(timestamp));
        JsonGenerator out = envelope.payload();
        out.writeStringProperty("id", id);
        out.writeStringProperty("level", level);
        out.writeStringProperty("service", service);
        out.writeStringProperty("message", message);
        for (Map.Entry<String, JsonNode> field : in.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "id", "_id", "_timestamp", "@timestamp" -> {}
                case "level", "service", "message" -> {
                    if (value instanceof ObjectNode object) {
                        for (Map.Entry<String, JsonNode> member : object.properties()) {
                            EnvelopeWriter.writeProperty(out, name + "_" + member.getKey(), member.getValue());
                        }
                    }
                }
                default -> EnvelopeWriter.writeProperty(out, name, value);
            }
        }
        return new MappedRecord.Accepted(id, id, envelope.finish(), null);
    }

    private String stream(String given) {
        if (given == null) {
            return defaultStream;
        }
        String stream = OpenObserveNames.streamName(given.strip());
        if (!STREAM.matcher(stream).matches()) {
            throw invalid("stream '" + given + "' must start with a letter and have at most 128 letters, digits or _");
        }
        return stream;
    }

    /** A string field's value; {@code null} when absent or null; a reject when it is not a string. */
    private static String text(ObjectNode in, String name) {
        JsonNode value = in.get(name);
        return value == null ? null : Fields.string(name, value);
    }

    /** A scalar's text (numbers and booleans as written); {@code null} for absent, null, objects and arrays. */
    private static String scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.asString();
    }

    /** pino writes levels as numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
    private static String level(JsonNode value) {
        if (value != null && value.isIntegralNumber()) {
            return switch (value.asInt()) {
                case 10 -> "trace";
                case 20 -> "debug";
                case 30 -> "info";
                case 40 -> "warn";
                case 50 -> "error";
                case 60 -> "fatal";
                default -> value.asString();
            };
        }
        return scalar(value);
    }

    /** 128 bits of the SHA-256 of the record as sent (and of the time of receipt, when given), as 32 hex digits. */
    static String contentId(ObjectNode record, Instant receivedAt) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha.update(JSON.writeValueAsBytes(record));
        if (receivedAt != null) {
            sha.update(ByteBuffer.allocate(Long.BYTES)
                    .putLong(EnvelopeSerde.micros(receivedAt))
                    .array());
        }
        byte[] digest = sha.digest();
        return HEX.formatHex(digest, 0, 16);
    }

    private static InvalidRecordException invalid(String detail) {
        return new InvalidRecordException(RejectReason.INVALID_FIELD, detail);
    }
}
