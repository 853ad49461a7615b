package io.shopwatch.alert.alertmanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.config.ConfigRepository;
import io.shopwatch.alert.delivery.DeliveryHandoff;
import io.shopwatch.alert.delivery.OutboxDelivery;
import io.shopwatch.alert.dispatch.PoolScheduler;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.notificationlog.JdbcNotificationLog;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.settings.AlertingProperties;
import io.shopwatch.alert.settings.DynamicAlertDefaults;
import io.shopwatch.alert.silence.JdbcSilenceRepository;
import io.shopwatch.alert.store.AlertStore;
import io.shopwatch.alert.store.JdbcAlertPersistence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The per-org Alertmanagers, alert intake, the change feed, replica maintenance and the groups view. */
@Configuration(proxyBeanMethods = false)
public class AlertmanagerConfiguration {

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
            Leadership leadership,
            DynamicAlertDefaults defaults) {
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
        defaults.subscribe(alertmanagers::applyDefaults);
        store.addListener(alertmanagers);
        leadership.addListener(alertmanagers);
        return alertmanagers;
    }

    /**
     * What the outbox sender asks of the configuration in force; the Alertmanagers are looked up lazily, as they are
     * built with the delivery that asks.
     */
    @Bean
    OutboxDelivery.IntegrationLookup integrationLookup(ObjectProvider<Alertmanagers> alertmanagers) {
        return new OutboxDelivery.IntegrationLookup() {
            @Override
            public Optional<IntegrationConfig> find(OutboxEntry.Target target) {
                return alertmanagers.getObject().integration(target);
            }

            @Override
            public boolean stillRouted(OutboxEntry entry) {
                return alertmanagers.getObject().stillRouted(entry);
            }
        };
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
                        properties.resolvedRetention(),
                        properties.resolvedHistory()),
                clock);
    }

    @Bean
    AlertGroups alertGroups(Alertmanagers alertmanagers, AlertStore store, Clock clock, AlertingProperties properties) {
        return new AlertGroups(alertmanagers, store, clock, properties.resolvedHistory());
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
}
