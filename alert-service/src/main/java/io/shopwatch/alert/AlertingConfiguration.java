package io.shopwatch.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.alert.ack.JdbcGroupAcks;
import io.shopwatch.alert.ack.NotificationLinks;
import io.shopwatch.alert.ack.SharedKeys;
import io.shopwatch.alert.alertmanager.AlertGroups;
import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.alertmanager.ChangeFeed;
import io.shopwatch.alert.alertmanager.ReplicaMaintenance;
import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.config.ConfigRepository;
import io.shopwatch.alert.delivery.DeliveryHandoff;
import io.shopwatch.alert.delivery.EscalationEngine;
import io.shopwatch.alert.delivery.MetaAlerts;
import io.shopwatch.alert.delivery.MetricsDeliveryListener;
import io.shopwatch.alert.delivery.NotificationWorker;
import io.shopwatch.alert.delivery.OutboxDelivery;
import io.shopwatch.alert.dispatch.PoolScheduler;
import io.shopwatch.alert.escalation.JdbcEscalations;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.ha.LeaseManager;
import io.shopwatch.alert.notificationlog.JdbcNotificationLog;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.NotificationProperties;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.WebhookNotifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.org.HeaderOrgResolver;
import io.shopwatch.alert.org.OrgResolver;
import io.shopwatch.alert.outbox.JdbcOutbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.secrets.SecretBox;
import io.shopwatch.alert.silence.JdbcSilenceRepository;
import io.shopwatch.alert.store.AlertStore;
import io.shopwatch.alert.store.JdbcAlertPersistence;
import io.shopwatch.common.security.servlet.CurrentIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of Alertmanager-compatible alert handling: store, notification log, lease, per-org Alertmanagers, API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AlertingProperties.class, NotificationProperties.class})
public class AlertingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The org of a request: the verified access token's. */
    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.security", name = "enabled", havingValue = "true", matchIfMissing = true)
    OrgResolver identityOrgResolver() {
        return request -> CurrentIdentity.get().org();
    }

    /** Without security (a trusted single-tenant setup) the org comes from the X-ShopWatch-Org header. */
    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.security", name = "enabled", havingValue = "false")
    OrgResolver headerOrgResolver() {
        return new HeaderOrgResolver();
    }

    @Bean(destroyMethod = "close")
    PoolScheduler dispatchScheduler(Clock clock, AlertingProperties properties) {
        return new PoolScheduler(clock, Math.max(1, properties.dispatchThreads()), "alert-dispatch");
    }

    @Bean
    JdbcAlertPersistence alertPersistence(DataSource dataSource) {
        return new JdbcAlertPersistence(dataSource);
    }

    @Bean
    AlertStore alertStore(Clock clock, JdbcAlertPersistence persistence) {
        return new AlertStore(clock, persistence);
    }

    @Bean
    LeaseManager dispatchLease(DataSource dataSource, AlertingProperties properties) {
        return new LeaseManager(dataSource, "dispatch", replicaId(properties), properties.leaseTtl());
    }

    @Bean
    Leadership leadership(LeaseManager lease, AlertingProperties properties, Clock clock) {
        return new Leadership(lease, properties.leaseTtl(), properties.leaseRenew(), clock);
    }

    @Bean
    JdbcNotificationLog notificationLog(DataSource dataSource, LeaseManager lease) {
        return new JdbcNotificationLog(dataSource, lease);
    }

    @Bean
    OutboundUrlPolicy outboundUrlPolicy(AlertingProperties properties) {
        return new OutboundUrlPolicy(properties.webhookAllowedHosts());
    }

    @Bean(destroyMethod = "close")
    OutboundHttp outboundHttp(OutboundUrlPolicy policy) {
        return new OutboundHttp(policy);
    }

    @Bean
    WebhookNotifier webhookNotifier(OutboundHttp http) {
        return new WebhookNotifier(http);
    }

    @Bean
    NotifierRegistry notifierRegistry(List<Notifier> notifiers) {
        return new NotifierRegistry(notifiers);
    }

    @Bean
    JdbcOutbox outbox(DataSource dataSource) {
        return new JdbcOutbox(dataSource);
    }

    @Bean
    JdbcGroupAcks groupAcks(DataSource dataSource) {
        return new JdbcGroupAcks(dataSource);
    }

    @Bean
    JdbcEscalations escalations(DataSource dataSource) {
        return new JdbcEscalations(dataSource);
    }

    @Bean
    NotificationLinks notificationLinks(DataSource dataSource, NotificationProperties properties) {
        SharedKeys keys = new SharedKeys(dataSource);
        byte[] configured = properties.ackLinkKey().isBlank()
                ? null
                : java.util.Base64.getDecoder().decode(properties.ackLinkKey().trim());
        return new NotificationLinks(
                properties.publicUrl(),
                properties.logSearchUrl(),
                properties.ackLinkValidity(),
                () -> configured != null ? configured : keys.get("ack-link"));
    }

    @Bean
    OutboxDelivery outboxDelivery(
            JdbcOutbox outbox,
            NotifierRegistry notifiers,
            ObjectProvider<Alertmanagers> alertmanagers,
            Clock clock,
            LeaseManager lease,
            MeterRegistry registry,
            NotificationProperties properties) {
        Duration timeout = properties.attemptTimeout();
        OutboxDelivery.IntegrationLookup lookup = new OutboxDelivery.IntegrationLookup() {
            @Override
            public Optional<IntegrationConfig> find(OutboxEntry.Target target) {
                return alertmanagers.getObject().integration(target);
            }

            @Override
            public boolean stillRouted(OutboxEntry entry) {
                return alertmanagers.getObject().stillRouted(entry);
            }
        };
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
                        OutboxDelivery.Settings.CHAT_ROBOTS));
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
            Alertmanagers alertmanagers,
            OutboxDelivery delivery,
            Clock clock,
            AlertingProperties alerting,
            NotificationProperties properties,
            MeterRegistry registry) {
        MetaAlerts meta = new MetaAlerts(
                org -> alertmanagers.get(org).config().delivery(),
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
            Alertmanagers alertmanagers,
            JdbcEscalations escalations,
            JdbcGroupAcks acks,
            JdbcOutbox outbox,
            NotificationLinks links,
            Clock clock,
            NotificationProperties properties) {
        return new EscalationEngine(alertmanagers::get, escalations, acks, outbox, links, clock, properties.deadline());
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

    @Bean
    AlertGroups alertGroups(Alertmanagers alertmanagers, AlertStore store, Clock clock) {
        return new AlertGroups(alertmanagers, store, clock);
    }

    /** The stored configurations, after every plain-text (or previous-key) version was encrypted with the key. */
    @Bean
    @DependsOnDatabaseInitialization
    ConfigRepository configRepository(DataSource dataSource, SecretBox secretBox) {
        ConfigRepository repository = new ConfigRepository(dataSource, secretBox);
        repository.encryptStored();
        return repository;
    }

    @Bean
    JdbcSilenceRepository silenceRepository(DataSource dataSource) {
        return new JdbcSilenceRepository(dataSource);
    }

    @Bean
    Alertmanagers alertmanagers(
            AlertStore store,
            ConfigRepository configs,
            JdbcSilenceRepository silences,
            JdbcNotificationLog nflog,
            NotifierRegistry notifiers,
            @Qualifier("dispatchScheduler") PoolScheduler scheduler,
            AlertingProperties properties,
            DeliveryHandoff deliveryServices,
            Leadership leadership) {
        Alertmanagers alertmanagers = new Alertmanagers(
                store,
                configs,
                silences,
                nflog,
                notifiers,
                scheduler,
                properties.externalUrl(),
                properties.nflogRetention(),
                defaultConfig(properties));
        alertmanagers.setDeliveryServices(deliveryServices);
        store.addListener(alertmanagers);
        leadership.addListener(alertmanagers);
        return alertmanagers;
    }

    @Bean
    AlertIngestion alertIngestion(AlertStore store, Alertmanagers alertmanagers, Clock clock, MeterRegistry registry) {
        return new AlertIngestion(store, alertmanagers, clock, registry);
    }

    @Bean
    ChangeFeed changeFeed(
            JdbcAlertPersistence alerts,
            JdbcSilenceRepository silences,
            AlertStore store,
            Alertmanagers alertmanagers) {
        return new ChangeFeed(alerts, silences, store, alertmanagers);
    }

    @Bean
    ReplicaMaintenance replicaMaintenance(
            ChangeFeed feed,
            Alertmanagers alertmanagers,
            AlertStore store,
            JdbcNotificationLog nflog,
            JdbcSilenceRepository silences,
            Leadership leadership,
            AlertingProperties properties,
            Clock clock) {
        return new ReplicaMaintenance(
                feed,
                alertmanagers,
                store,
                nflog,
                silences,
                leadership,
                new ReplicaMaintenance.Intervals(
                        properties.pollInterval(),
                        properties.configPollInterval(),
                        properties.maintenanceInterval(),
                        properties.silenceRetention(),
                        properties.resolvedRetention()),
                clock);
    }

    private static String defaultConfig(AlertingProperties properties) {
        if (properties.defaultConfigFile() == null
                || properties.defaultConfigFile().isBlank()) {
            return AlertmanagerConfig.DEFAULT_YAML;
        }
        try {
            return Files.readString(Path.of(properties.defaultConfigFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read ALERT_DEFAULT_CONFIG_FILE " + properties.defaultConfigFile(), e);
        }
    }

    static String replicaId(AlertingProperties properties) {
        if (properties.replicaId() != null && !properties.replicaId().isBlank()) {
            return properties.replicaId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + Long.toHexString(System.nanoTime() & 0xffffff);
    }
}
