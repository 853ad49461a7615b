package io.shopwatch.config.change;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.LogRecord;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.config.release.ReleaseEvent;
import io.shopwatch.config.release.ReleaseListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Tells the platform about every publish and rollback, off the request thread: a {@link ConfigChange} on
 * {@code shopwatch.config.changes} (key = application) for the services, and an audit entry on {@code shopwatch.audit}
 * (a log record like auth-service's, stored by the pipeline in the org's audit stream). A failed send is counted and
 * logged; the release itself is already durable and its history row is the record of truth.
 */
public final class KafkaReleaseNotifier implements ReleaseListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaReleaseNotifier.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final ExecutorService sender;
    private final ObjectMapper json;
    private final String auditStream;
    private final Clock clock;
    private final Counter failures;
    private final EnvelopeSerde.EnvelopeSerializer envelopes = new EnvelopeSerde.EnvelopeSerializer();

    public KafkaReleaseNotifier(
            KafkaTemplate<String, byte[]> kafka,
            ExecutorService sender,
            ObjectMapper json,
            String auditStream,
            Clock clock,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.sender = sender;
        this.json = json;
        this.auditStream = auditStream;
        this.clock = clock;
        this.failures = meters.counter("shopwatch.config.notify.failures");
    }

    @Override
    public void moved(ReleaseEvent event) {
        ConfigChange change = ChangeEvents.of(event, clock.instant());
        sender.execute(() -> {
            send(Topics.CONFIG_CHANGES, change.application(), json.writeValueAsBytes(change), change);
            Envelope audit = audit(change);
            send(Topics.AUDIT, audit.org(), envelopes.serialize(Topics.AUDIT, audit), change);
        });
    }

    private void send(String topic, String key, byte[] value, ConfigChange change) {
        kafka.send(topic, key, value).whenComplete((result, error) -> {
            if (error != null) {
                failures.increment();
                log.warn(
                        "release {} of {}/{} not announced on {}: {}",
                        change.releaseId(),
                        change.application(),
                        change.profile(),
                        topic,
                        error.toString());
            }
        });
    }

    /** The audit entry: a log record with every field as an attribute (the shape auth-service ships). */
    Envelope audit(ConfigChange change) {
        String action = "config." + change.operation().toLowerCase(java.util.Locale.ROOT);
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
