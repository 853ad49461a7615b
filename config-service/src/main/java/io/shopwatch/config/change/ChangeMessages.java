package io.shopwatch.config.change;

import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.LogRecord;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.config.release.ReleaseEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.ObjectMapper;

/**
 * The Kafka messages of one change: a {@link ConfigChange} on {@code shopwatch.config.changes} (key = application) for
 * the services, and an audit entry on {@code shopwatch.audit} (a log record like auth-service's, stored by the
 * pipeline in the org's audit stream). Secrets never appear.
 */
final class ChangeMessages {

    /** One message to send. */
    record Message(String topic, String key, byte[] value) {}

    private final ObjectMapper json;
    private final String auditStream;
    private final EnvelopeSerde.EnvelopeSerializer envelopes = new EnvelopeSerde.EnvelopeSerializer();

    ChangeMessages(ObjectMapper json, String auditStream) {
        this.json = json;
        this.auditStream = auditStream;
    }

    List<Message> of(ReleaseEvent event, Instant at) {
        ConfigChange change = ChangeEvents.of(event, at);
        Envelope audit = audit(change);
        return List.of(
                new Message(Topics.CONFIG_CHANGES, change.application(), json.writeValueAsBytes(change)),
                new Message(Topics.AUDIT, audit.org(), envelopes.serialize(Topics.AUDIT, audit)));
    }

    /** The audit entry: a log record with every field as an attribute (the shape auth-service ships). */
    Envelope audit(ConfigChange change) {
        String action = "config." + change.operation().toLowerCase(Locale.ROOT);
        String target = change.application() + "/" + change.profile();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("audit_action", action);
        attributes.put("audit_outcome", "success");
        attributes.put("actor", change.actor());
        attributes.put("target", target);
        attributes.put("org", change.org());
        attributes.put("detail_release_id", change.releaseId());
        if (change.previousReleaseId() != null) {
            attributes.put("detail_previous_release_id", change.previousReleaseId());
        }
        attributes.put("detail_sha256", change.sha256());
        attributes.put("detail_reason", change.reason());
        attributes.put("detail_summary", change.summary());
        String id = UUID.randomUUID().toString();
        LogRecord record = new LogRecord(
                id,
                change.at(),
                "INFO",
                "config-service",
                action + " success actor=" + change.actor() + " target=" + target + " release=" + change.releaseId(),
                null,
                null,
                auditStream,
                attributes);
        return new Envelope(id, change.org(), auditStream, TelemetryType.LOG, change.at(), json.valueToTree(record));
    }
}
