package io.shopwatch.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.config.ConfigRepository;
import io.shopwatch.alert.dispatch.PoolScheduler;
import io.shopwatch.alert.engine.AlertIngestion;
import io.shopwatch.alert.engine.Alertmanagers;
import io.shopwatch.alert.engine.ChangeFeed;
import io.shopwatch.alert.engine.Housekeeping;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.ha.LeaseManager;
import io.shopwatch.alert.notify.JdbcNotificationLog;
import io.shopwatch.alert.notify.MetricsDeliveryListener;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.WebhookNotifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.org.HeaderOrgResolver;
import io.shopwatch.alert.org.OrgResolver;
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
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of Alertmanager-compatible alert handling: store, notification log, lease, per-org Alertmanagers, API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertingProperties.class)
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
            MeterRegistry registry,
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
                new MetricsDeliveryListener(registry),
                defaultConfig(properties));
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
    Housekeeping housekeeping(
            ChangeFeed feed,
            Alertmanagers alertmanagers,
            AlertStore store,
            JdbcNotificationLog nflog,
            JdbcSilenceRepository silences,
            Leadership leadership,
            AlertingProperties properties,
            Clock clock) {
        return new Housekeeping(feed, alertmanagers, store, nflog, silences, leadership, properties, clock);
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
