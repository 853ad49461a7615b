package io.shopwatch.alert.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.alert.ack.JdbcGroupAcks;
import io.shopwatch.alert.ack.NotificationLinks;
import io.shopwatch.alert.escalation.JdbcEscalations;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.ha.LeaseManager;
import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.outbox.JdbcOutbox;
import io.shopwatch.alert.settings.AlertingProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The NotificationService: the outbox sender, the hand-off of decided notifications, meta-alerts, escalation and the worker that drives them. */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    @Bean
    OutboxDelivery outboxDelivery(
            JdbcOutbox outbox,
            NotifierRegistry notifiers,
            OutboxDelivery.IntegrationLookup lookup,
            Clock clock,
            LeaseManager lease,
            MeterRegistry registry,
            NotificationProperties properties) {
        Duration timeout = properties.attemptTimeout();
        return new OutboxDelivery(
                outbox,
                notifiers,
                lookup,
                clock,
                lease.holder(),
                new MetricsDeliveryListener(registry),
                new OutboxDelivery.Settings(
                        timeout,
                        Duration.ofSeconds(1),
                        properties.maxBackoff(),
                        // longer than the flush's three attempts: a lock never lapses while its holder still sends
                        timeout.multipliedBy(4).plusSeconds(30),
                        50,
                        3,
                        notifiers.digestTypes()));
    }

    @Bean
    DeliveryHandoff deliveryServices(
            OutboxDelivery delivery,
            JdbcGroupAcks acks,
            NotificationLinks links,
            JdbcEscalations escalations,
            NotificationProperties properties) {
        return new DeliveryHandoff(delivery, acks, links, escalations, properties.deadline());
    }

    @Bean
    MetaAlerts metaAlerts(
            OrgGroups.Lookup orgs,
            OutboxDelivery delivery,
            Clock clock,
            AlertingProperties alerting,
            NotificationProperties properties,
            MeterRegistry registry) {
        MetaAlerts meta = new MetaAlerts(
                org -> orgs.get(org).deliveryConfig(),
                delivery.outbox(),
                clock,
                alerting.externalUrl(),
                properties.fallbackReceiver(),
                properties.deadline(),
                registry);
        delivery.setFailureReporter(meta);
        return meta;
    }

    @Bean
    EscalationEngine escalationEngine(
            OrgGroups.Lookup orgs,
            JdbcEscalations escalations,
            JdbcGroupAcks acks,
            JdbcOutbox outbox,
            NotificationLinks links,
            Clock clock,
            NotificationProperties properties) {
        return new EscalationEngine(orgs::get, escalations, acks, outbox, links, clock, properties.deadline());
    }

    @Bean
    NotificationWorker notificationWorker(
            OutboxDelivery delivery,
            EscalationEngine escalation,
            Leadership leadership,
            NotificationProperties properties,
            Clock clock,
            MetaAlerts meta) {
        return new NotificationWorker(delivery, escalation, leadership, properties, clock);
    }
}
