package io.shopwatch.alert.alertmanager;

import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.config.ConfigParser;
import io.shopwatch.alert.config.ConfigRepository;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.AlertDefaults;
import io.shopwatch.alert.delivery.DeliveryHandoff;
import io.shopwatch.alert.delivery.OrgGroups;
import io.shopwatch.alert.dispatch.Scheduler;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.notificationlog.NotificationLog;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.secrets.SecretRedactor;
import io.shopwatch.alert.silence.JdbcSilenceRepository;
import io.shopwatch.alert.silence.Silence;
import io.shopwatch.alert.silence.Silences;
import io.shopwatch.alert.store.AlertStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every organisation's Alertmanager. Organisations appear on first use with their stored configuration (or the
 * default one); alerts from the store go to their organisation; on the replica that holds the dispatch lease every
 * organisation dispatches.
 */
public final class Alertmanagers implements AlertStore.Listener, Leadership.Listener, OrgGroups.Lookup {

    private static final Logger log = LoggerFactory.getLogger(Alertmanagers.class);

    private final Map<String, OrgAlertmanager> orgs = new ConcurrentHashMap<>();
    private final AlertStore store;
    private final ConfigRepository configs;
    private final JdbcSilenceRepository silenceRepository;
    private final NotificationLog nflog;
    private final NotifierRegistry notifiers;
    private final Scheduler scheduler;
    private final String externalUrl;
    private final Duration nflogRetention;
    private DeliveryHandoff services;
    private final String defaultYaml;
    private volatile AlertDefaults defaults = AlertDefaults.ALERTMANAGER;
    private volatile boolean dispatching;

    public Alertmanagers(
            AlertStore store,
            ConfigRepository configs,
            JdbcSilenceRepository silenceRepository,
            NotificationLog nflog,
            NotifierRegistry notifiers,
            Scheduler scheduler,
            String externalUrl,
            Duration nflogRetention,
            String defaultYaml) {
        this.store = store;
        this.configs = configs;
        this.silenceRepository = silenceRepository;
        this.nflog = nflog;
        this.notifiers = notifiers;
        this.scheduler = scheduler;
        this.externalUrl = externalUrl;
        this.nflogRetention = nflogRetention;
        this.defaultYaml = defaultYaml;
        parse(defaultYaml);
    }

    /** The organisation's Alertmanager, created on first use. */
    @Override
    public OrgAlertmanager get(String org) {
        OrgAlertmanager am = orgs.get(org);
        if (am != null) {
            return am;
        }
        synchronized (this) {
            am = orgs.get(org);
            if (am == null) {
                am = create(org);
                orgs.put(org, am);
                if (dispatching) {
                    am.startDispatching();
                }
            }
            return am;
        }
    }

    private OrgAlertmanager create(String org) {
        Optional<ConfigRepository.Version> stored = configs.latest(org);
        AlertmanagerConfig config = null;
        int version = 0;
        if (stored.isPresent()) {
            try {
                config = parse(stored.get().yaml());
                version = stored.get().version();
            } catch (RuntimeException e) {
                log.warn(
                        "org {}: stored configuration {} no longer parses ({}); using the default",
                        org,
                        stored.get().version(),
                        SecretRedactor.scrub(e.getMessage()));
            }
        }
        if (config == null) {
            config = parse(defaultYaml);
        }
        Silences silences = new Silences(scheduler.clock(), s -> silenceRepository.save(org, s));
        return new OrgAlertmanager(
                org,
                config,
                version,
                scheduler,
                silences,
                nflog,
                services,
                externalUrl,
                nflogRetention,
                () -> store.all(org));
    }

    /** Sets where decided notifications go; before any organisation's Alertmanager is created. */
    public void setDeliveryServices(DeliveryHandoff deliveryServices) {
        this.services = deliveryServices;
    }

    /** An integration of the configuration in force, as the outbox sends to it. */
    public Optional<IntegrationConfig> integration(OutboxEntry.Target target) {
        List<IntegrationConfig> integrations =
                get(target.org()).config().receivers().get(target.receiver());
        if (integrations == null) {
            return Optional.empty();
        }
        return integrations.stream()
                .filter(i -> i.type().equals(target.integration()) && i.index() == target.index())
                .findFirst();
    }

    /**
     * Whether a group's notification in the outbox still belongs to its receiver and group under the configuration in
     * force (see {@link OrgAlertmanager#stillRoutes}).
     */
    public boolean stillRouted(OutboxEntry entry) {
        return get(entry.target().org())
                .stillRoutes(
                        entry.target().receiver(),
                        entry.groupKey(),
                        entry.notification().alerts());
    }

    /** Parses a configuration with this service's notifiers and alert defaults. */
    public AlertmanagerConfig parse(String yaml) {
        return ConfigParser.parse(yaml, notifiers::find, url -> Optional.empty(), defaults);
    }

    /** The alert defaults configurations are parsed with now. */
    public AlertDefaults defaults() {
        return defaults;
    }

    /**
     * Puts new alert defaults in force: every organisation's configuration is parsed again with them and applied as a
     * reload (its groups start again under the new timers; the notification log keeps what was already sent), and
     * organisations that appear later get them too. The same defaults again change nothing.
     */
    public synchronized void applyDefaults(AlertDefaults newDefaults) {
        if (newDefaults.equals(defaults)) {
            return;
        }
        parse(defaultYaml, newDefaults); // a default configuration that cannot take them refuses them here
        this.defaults = newDefaults;
        for (Map.Entry<String, OrgAlertmanager> e : orgs.entrySet()) {
            try {
                e.getValue().reparse(this::parse);
            } catch (RuntimeException ex) {
                log.warn(
                        "org {}: configuration kept under the earlier alert defaults: {}",
                        e.getKey(),
                        SecretRedactor.scrub(ex.getMessage()));
            }
        }
        log.info("alert defaults in force: {}", newDefaults);
    }

    private AlertmanagerConfig parse(String yaml, AlertDefaults with) {
        return ConfigParser.parse(yaml, notifiers::find, url -> Optional.empty(), with);
    }

    /**
     * Parses a configuration that is about to be stored: as {@link #parse}, and every URL the service would send to
     * must pass {@code urlCheck} (the outbound policy's store-time check).
     */
    public AlertmanagerConfig parseForStore(String yaml, Function<String, Optional<String>> urlCheck) {
        return ConfigParser.parse(yaml, notifiers::find, urlCheck, defaults);
    }

    /** Stores, then applies, a new configuration of an organisation; returns its version. */
    public int storeConfig(String org, AlertmanagerConfig config, String by) {
        int version = configs.save(org, config.source(), by);
        get(org).applyConfig(config, version);
        return version;
    }

    /** Applies configuration versions stored by other replicas. */
    public void refreshConfigs() {
        for (Map.Entry<String, Integer> e : configs.latestVersions().entrySet()) {
            OrgAlertmanager am = orgs.get(e.getKey());
            if (am != null && am.configVersion() < e.getValue()) {
                configs.latest(e.getKey()).ifPresent(v -> {
                    try {
                        am.applyConfig(parse(v.yaml()), v.version());
                        log.info("org {}: applied configuration version {}", e.getKey(), v.version());
                    } catch (RuntimeException ex) {
                        log.warn(
                                "org {}: configuration version {} does not parse: {}",
                                e.getKey(),
                                v.version(),
                                SecretRedactor.scrub(ex.getMessage()));
                    }
                });
            }
        }
    }

    /** A silence written by another replica. */
    public void applySilence(String org, Silence silence) {
        get(org).silences().apply(silence);
    }

    @Override
    public void changed(String org, Alert alert) {
        get(org).onAlert(alert);
    }

    @Override
    public void removed(String org, Alert alert) {
        OrgAlertmanager am = orgs.get(org);
        if (am != null) {
            am.onRemoved(alert);
        }
    }

    @Override
    public synchronized void elected() {
        dispatching = true;
        store.orgs().forEach(this::get);
        orgs.values().forEach(OrgAlertmanager::startDispatching);
    }

    @Override
    public synchronized void revoked() {
        dispatching = false;
        orgs.values().forEach(OrgAlertmanager::stopDispatching);
    }

    public boolean isDispatching() {
        return dispatching;
    }

    /** ReplicaMaintenance of every organisation. */
    public void maintenance(Duration silenceRetention) {
        for (OrgAlertmanager am : orgs.values()) {
            am.maintenance();
            am.silences().gc(silenceRetention);
        }
    }

    public Collection<OrgAlertmanager> all() {
        return List.copyOf(orgs.values());
    }
}
