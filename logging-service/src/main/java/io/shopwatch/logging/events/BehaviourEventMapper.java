package io.shopwatch.logging.events;

import io.shopwatch.common.event.BehaviourEvent;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
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
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks one behaviour event — {@link BehaviourEvent}'s constraints, then its type's JSON schema over
 * {@code properties} — and builds its envelope for {@value Topics#EVENTS_RAW}, keyed by session id so that one
 * session's events stay in one partition, in order.
 *
 * <p>Normalisation as for logs: generated id, default timestamp, carried as the envelope's (microseconds since the
 * epoch) and not repeated in the payload; top-level fields outside the model move into {@code properties} (a property of the same name wins) before the schema check. A
 * {@code user_id} must be pseudonymous: one that looks like an e-mail address is rejected.
 */
public final class BehaviourEventMapper implements RecordMapper {

    private static final Map<String, String> JSON_NAMES = Map.of("sessionId", "session_id", "userId", "user_id");

    private final RecordConstraints<BehaviourEvent> constraints;
    private final EventSchemaCatalog catalog;

    public BehaviourEventMapper(Validator validator, EventSchemaCatalog catalog) {
        this.constraints = RecordConstraints.of(BehaviourEvent.class, validator);
        this.catalog = catalog;
    }

    @Override
    public String kind() {
        return "events";
    }

    @Override
    public String topic() {
        return Topics.EVENTS_RAW;
    }

    @Override
    public MappedRecord map(JsonNode node, String org, Instant receivedAt) {
        if (!(node instanceof ObjectNode in)) {
            throw new InvalidRecordException(
                    RejectReason.NOT_AN_OBJECT, "an event must be a JSON object, not " + Fields.typeOf(node));
        }
        String givenId = null;
        String type = null;
        String sessionId = null;
        String userId = null;
        JsonNode timestampNode = null;
        ObjectNode properties = null;
        List<String> unknown = null;
        for (Map.Entry<String, JsonNode> field : in.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "id" -> givenId = Fields.string("id", value);
                case "type" -> type = Fields.string("type", value);
                case "session_id" -> sessionId = Fields.string("session_id", value);
                case "user_id" -> userId = Fields.string("user_id", value);
                case "timestamp" -> timestampNode = value;
                case "properties" -> properties = Fields.object("properties", value);
                default -> {
                    if (unknown == null) {
                        unknown = new ArrayList<>();
                    }
                    unknown.add(field.getKey());
                }
            }
        }
        Instant timestamp = Timestamps.parse(timestampNode, receivedAt);

        // the constraints run on the values just read; an event is built only to explain a failure
        if (!constraints.valid(givenId, type, sessionId, userId, timestamp, null)) {
            BehaviourEvent event = new BehaviourEvent(givenId, type, sessionId, userId, timestamp, null);
            Set<ConstraintViolation<BehaviourEvent>> violations = constraints.validate(event);
            if (!violations.isEmpty()) {
                throw new InvalidRecordException(RejectReason.INVALID_FIELD, Fields.describe(violations, JSON_NAMES));
            }
        }
        if (userId != null && userId.indexOf('@') >= 0) {
            throw new InvalidRecordException(
                    RejectReason.INVALID_FIELD,
                    "/user_id: must be a pseudonymous id, not an e-mail address; send a stable hash or an"
                            + " internal id");
        }
        if (unknown != null) {
            Fields.moveInto(in, unknown, "properties", properties);
            properties = (ObjectNode) in.get("properties");
        } else if (properties == null) {
            properties = in.putObject("properties");
        }
        catalog.check(type, properties);

        String id = givenId != null ? givenId : RecordIds.next();
        EnvelopeWriter envelope = EnvelopeWriter.start(
                id, org, BehaviourEvent.DEFAULT_STREAM, TelemetryType.EVENT, EnvelopeSerde.micros(timestamp));
        JsonGenerator out = envelope.payload();
        out.writeStringProperty("id", id);
        out.writeStringProperty("type", type);
        out.writeStringProperty("session_id", sessionId);
        if (userId != null) {
            out.writeStringProperty("user_id", userId);
        }
        EnvelopeWriter.writeProperty(out, "properties", properties);
        byte[] value = envelope.finish();
        return new MappedRecord.Accepted(id, sessionId, value, catalog.metricType(type));
    }
}
