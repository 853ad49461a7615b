package io.shopwatch.alert.testing;

import io.shopwatch.alert.ack.InMemoryGroupAcks;
import io.shopwatch.alert.ack.NotificationLinks;
import io.shopwatch.alert.alertmanager.OrgAlertmanager;
import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.config.ConfigParser;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.AlertDefaults;
import io.shopwatch.alert.core.AlertIntake;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.delivery.DeliveryHandoff;
import io.shopwatch.alert.delivery.DeliveryListener;
import io.shopwatch.alert.delivery.EscalationEngine;
import io.shopwatch.alert.delivery.MetaAlerts;
import io.shopwatch.alert.delivery.OutboxDelivery;
import io.shopwatch.alert.escalation.InMemoryEscalations;
import io.shopwatch.alert.notificationlog.InMemoryNotificationLog;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.outbox.InMemoryOutbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.silence.Silence;
import io.shopwatch.alert.silence.Silences;
import io.shopwatch.alert.store.AlertPersistence;
import io.shopwatch.alert.store.AlertStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One organisation's Alertmanager on a virtual clock, driven the way Alertmanager's acceptance tests drive a real one:
 * actions at seconds after a base time, notifications recorded with their virtual arrival time.
 */
public final class Simulation {

    public static final Instant BASE = Instant.parse("2026-01-05T10:00:00Z");

    public final VirtualScheduler scheduler = new VirtualScheduler(BASE);
    public final RecordingNotifier notifier = new RecordingNotifier(scheduler.clock());
    public final AlertStore store = new AlertStore(scheduler.clock(), AlertPersistence.NONE);
    public final InMemoryNotificationLog nflog = new InMemoryNotificationLog();
    public final Silences silences = new Silences(scheduler.clock(), s -> {});
    public final InMemoryOutbox outbox = new InMemoryOutbox();
    public final InMemoryGroupAcks acks = new InMemoryGroupAcks();
    public final InMemoryEscalations escalations = new InMemoryEscalations();
    public final OutboxDelivery delivery;
    public final EscalationEngine escalation;
    public final OrgAlertmanager am;
    private final NotifierRegistry registry;

    public Simulation(String yaml) {
        this(yaml, Duration.ofHours(1));
    }

    /** A simulation whose notifications expire {@code deadline} after they were decided. */
    public Simulation(String yaml, Duration deadline) {
        this(yaml, deadline, null);
    }

    /**
     * A simulation whose {@code webhook} integrations go through {@code webhook} (e.g. the real {@code
     * WebhookNotifier} to real HTTP receivers); null: the {@link #notifier} records them.
     */
    public Simulation(String yaml, Duration deadline, Notifier webhook) {
        registry = new NotifierRegistry(List.of(webhook == null ? notifier : webhook));
        AlertmanagerConfig config = ConfigParser.parse(yaml, registry::find);
        OrgAlertmanager[] self = new OrgAlertmanager[1];
        OutboxDelivery.IntegrationLookup lookup = new OutboxDelivery.IntegrationLookup() {
            @Override
            public Optional<IntegrationConfig> find(OutboxEntry.Target target) {
                return self[0].config().receivers().getOrDefault(target.receiver(), List.of()).stream()
                        .filter(i -> i.type().equals(target.integration()) && i.index() == target.index())
                        .findFirst();
            }

            @Override
            public boolean stillRouted(OutboxEntry entry) {
                return self[0].stillRoutes(
                        entry.target().receiver(),
                        entry.groupKey(),
                        entry.notification().alerts());
            }
        };
        delivery = new OutboxDelivery(
                outbox,
                registry,
                lookup,
                scheduler.clock(),
                "simulation",
                DeliveryListener.NONE,
                // virtual time stands still during a flush: a failing flush hands over to the outbox at once
                new OutboxDelivery.Settings(
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(2),
                        50,
                        1,
                        // the recording notifier stands for a chat robot: a backlog goes out as one digest
                        Set.of("webhook")));
        NotificationLinks links = new NotificationLinks(
                "http://alerts.test", "", Duration.ofDays(7), () -> "simulation-key".getBytes(StandardCharsets.UTF_8));
        am = new OrgAlertmanager(
                "test",
                config,
                1,
                scheduler,
                silences,
                nflog,
                new DeliveryHandoff(delivery, acks, links, escalations, deadline),
                "http://alerts.test",
                Duration.ofHours(120),
                () -> store.all("test"));
        self[0] = am;
        escalation = new EscalationEngine(org -> am, escalations, acks, outbox, links, scheduler.clock(), deadline);
        delivery.setFailureReporter(new MetaAlerts(
                org -> am.config().delivery(),
                outbox,
                scheduler.clock(),
                "http://alerts.test",
                "",
                deadline,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        scheduler.schedule(BASE.plusMillis(500), this::background);
        store.addListener(new AlertStore.Listener() {
            @Override
            public void changed(String org, Alert alert) {
                am.onAlert(alert);
            }

            @Override
            public void removed(String org, Alert alert) {
                am.onRemoved(alert);
            }
        });
        am.startDispatching();
    }

    /** What the notification worker does, every half second of virtual time: escalations, outbox retries. */
    private void background() {
        escalation.tick();
        delivery.deliverDue();
        scheduler.schedule(scheduler.clock().instant().plusMillis(500), this::background);
    }

    /** The instant {@code seconds} after the base. */
    public static Instant t(double seconds) {
        return BASE.plusMillis(Math.round(seconds * 1000));
    }

    /** Moves time to {@code seconds}, running everything due. */
    public void at(double seconds) {
        scheduler.advanceTo(t(seconds));
    }

    /** Posts alerts at the current time, as {@code POST /api/v2/alerts} does. */
    public void push(AlertSpec... specs) {
        Instant now = scheduler.clock().instant();
        List<Alert> alerts = new ArrayList<>();
        for (AlertSpec s : specs) {
            alerts.add(AlertIntake.complete(
                    s.labels,
                    s.annotations,
                    s.start,
                    s.end,
                    "",
                    now,
                    am.config().resolveTimeout()));
        }
        store.put("test", alerts);
    }

    public Silence silence(Silence s) {
        return silences.set(s);
    }

    /** Parses the configuration in force again with other alert defaults, as a change of them from config-service does. */
    public void reparse(AlertDefaults defaults) {
        am.reparse(yaml -> ConfigParser.parse(yaml, registry::find, url -> Optional.empty(), defaults));
    }

    public void reload(String yaml) {
        am.applyConfig(ConfigParser.parse(yaml, registry::find), am.configVersion() + 1);
    }

    /** An alert to push: labels from pairs, optional annotations, start and end in seconds after the base. */
    public static AlertSpec alert(String... labelPairs) {
        return new AlertSpec(LabelSet.of(labelPairs).asMap());
    }

    /** Builder of a pushed alert. */
    public static final class AlertSpec {
        final Map<String, String> labels;
        Map<String, String> annotations = Map.of();
        Instant start;
        Instant end;

        AlertSpec(Map<String, String> labels) {
            this.labels = labels;
        }

        public AlertSpec annotate(String name, String value) {
            this.annotations = Map.of(name, value);
            return this;
        }

        public AlertSpec active(double start) {
            this.start = t(start);
            return this;
        }

        public AlertSpec active(double start, double end) {
            this.start = t(start);
            this.end = t(end);
            return this;
        }
    }
}
