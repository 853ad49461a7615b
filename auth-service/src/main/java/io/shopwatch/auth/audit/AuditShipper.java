package io.shopwatch.auth.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.LogRecord;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Ships audit events to {@code shopwatch.audit}, from where the pipeline stores them in OpenObserve like any other log
 * record (stream {@code SHOPWATCH_AUDIT_STREAM}, the event's org). An outbox: an event is marked shipped only after
 * the broker acknowledged it, so none is lost when Kafka is down; the envelope id is the event id, so a resend is
 * removed as a duplicate downstream.
 */
@Component
@ConditionalOnBooleanProperty("shopwatch.auth.audit.shipping-enabled")
public class AuditShipper {

    private static final Logger log = LoggerFactory.getLogger(AuditShipper.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final AuditRepository repository;
    private final KafkaTemplate<String, Envelope> kafka;
    private final TransactionTemplate transaction;
    private final AuditProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final Counter shipped;
    private final Counter failures;

    private volatile Instant nextAttempt = Instant.MIN;
    private volatile int consecutiveFailures;
    private volatile String lastError;
    private volatile Instant lastSuccess;

    public AuditShipper(
            AuditRepository repository,
            KafkaTemplate<String, Envelope> kafka,
            PlatformTransactionManager transactions,
            AuditProperties properties,
            ObjectMapper json,
            Clock clock,
            MeterRegistry meters) {
        this.repository = repository;
        this.kafka = kafka;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.shipped = meters.counter("shopwatch.audit.shipped");
        this.failures = meters.counter("shopwatch.audit.ship.failures");
    }

    @Scheduled(
            fixedDelayString = "${shopwatch.auth.audit.ship-interval}",
            initialDelayString = "${shopwatch.auth.audit.ship-interval}")
    void shipOnSchedule() {
        if (Instant.now().isBefore(nextAttempt)) {
            return;
        }
        try {
            while (shipBatch() == properties.shipBatchSize()) {
                // keep going while full batches come back
            }
            consecutiveFailures = 0;
            nextAttempt = Instant.MIN;
        } catch (RuntimeException e) {
            failures.increment();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            lastError = root.getClass().getSimpleName() + ": " + root.getMessage();
            consecutiveFailures++;
            Duration backoff = properties.shipInterval().multipliedBy(1L << Math.min(consecutiveFailures, 6));
            nextAttempt = Instant.now().plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
            if (consecutiveFailures == 1 || consecutiveFailures % 20 == 0) {
                log.warn(
                        "audit events not shipped to Kafka (attempt {}), kept for the next try: {}",
                        consecutiveFailures,
                        lastError);
            }
        }
    }

    /** Sends one batch of unshipped events and marks them shipped once acknowledged; returns how many. */
    public int shipBatch() {
        Integer count = transaction.execute(status -> {
            List<AuditEntry> batch = repository.lockUnshipped(properties.shipBatchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
            for (AuditEntry entry : batch) {
                Envelope envelope = envelope(entry);
                sends.add(kafka.send(Topics.AUDIT, envelope.org(), envelope));
            }
            await(sends);
            repository.markShipped(batch.stream().map(AuditEntry::seq).toList(), clock.instant());
            return batch.size();
        });
        int shippedNow = count == null ? 0 : count;
        if (shippedNow > 0) {
            shipped.increment(shippedNow);
            lastSuccess = Instant.now();
        }
        return shippedNow;
    }

    /** The envelope of an event: a log record with every audit field as an attribute. */
    Envelope envelope(AuditEntry entry) {
        String org = entry.org() == null ? properties.platformOrg() : entry.org();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("audit_action", entry.action());
        attributes.put("audit_outcome", entry.outcome());
        attributes.put("actor", entry.actor());
        attributes.put("actor_kind", entry.actorKind());
        putIfPresent(attributes, "target", entry.target());
        putIfPresent(attributes, "client_ip", entry.ip());
        putIfPresent(attributes, "org", entry.org());
        entry.details().forEach((key, value) -> attributes.putIfAbsent("detail_" + key, value));
        LogRecord record = new LogRecord(
                entry.id(),
                entry.timestamp(),
                "success".equals(entry.outcome()) ? "INFO" : "WARN",
                "auth-service",
                entry.action() + " " + entry.outcome() + " actor=" + entry.actor()
                        + (entry.target() == null ? "" : " target=" + entry.target()),
                null,
                null,
                properties.stream(),
                attributes);
        return new Envelope(
                entry.id(), org, properties.stream(), TelemetryType.LOG, entry.timestamp(), json.valueToTree(record));
    }

    /** Events waiting to be shipped, the last error and the last success, for the health endpoint. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("pending", repository.countUnshipped());
        status.put("consecutive_failures", consecutiveFailures);
        if (lastSuccess != null) {
            status.put("last_success", lastSuccess.toString());
        }
        if (lastError != null) {
            status.put("last_error", lastError);
        }
        return status;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void await(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shipping audit events", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka refused audit events: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge audit events within " + SEND_TIMEOUT, e);
        }
    }
}
