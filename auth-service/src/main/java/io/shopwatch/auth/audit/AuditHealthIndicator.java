package io.shopwatch.auth.audit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * How the audit log is doing: events waiting for Kafka and the last shipping error. Always UP: logins must keep
 * working while Kafka is away, and the waiting events are shipped when it is back.
 */
@Component("auditShipping")
public class AuditHealthIndicator implements HealthIndicator {

    private final ObjectProvider<AuditShipper> shipper;
    private final AuditRepository repository;

    public AuditHealthIndicator(ObjectProvider<AuditShipper> shipper, AuditRepository repository) {
        this.shipper = shipper;
        this.repository = repository;
    }

    @Override
    public Health health() {
        AuditShipper active = shipper.getIfAvailable();
        if (active == null) {
            return Health.up()
                    .withDetail("shipping", "disabled")
                    .withDetail("pending", repository.countUnshipped())
                    .build();
        }
        return Health.up()
                .withDetail("shipping", "enabled")
                .withDetails(active.status())
                .build();
    }
}
