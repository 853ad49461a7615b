package io.shopwatch.auth.audit;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records audit events. Each event is written in its own transaction, so that it stays even when the request that
 * caused it fails and rolls back; the shipper then sends it to Kafka.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final MeterRegistry meters;

    public AuditLog(
            AuditRepository repository, PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.meters = meters;
    }

    public void record(AuditEvent event) {
        UUID id = UUID.randomUUID();
        ownTransaction.executeWithoutResult(status -> repository.insert(id, clock.instant(), event));
        meters.counter(
                        "shopwatch.audit.events",
                        "action",
                        event.action().id(),
                        "outcome",
                        event.outcome().id())
                .increment();
        log.debug(
                "audit {} {} org={} actor={} target={}",
                event.action().id(),
                event.outcome().id(),
                event.org(),
                event.actor(),
                event.target());
    }
}
