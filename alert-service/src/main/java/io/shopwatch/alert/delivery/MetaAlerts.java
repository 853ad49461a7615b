package io.shopwatch.alert.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.outbox.Outbox;
import io.shopwatch.alert.outbox.OutboxEntry;
import io.shopwatch.alert.outbox.OutboxEntry.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta-alert: when a notification fails for good or expires, the organisation's fallback receiver
 * ({@code fallback_receiver} in its configuration, else the service default) is told, through the outbox, with a
 * {@code NotificationFailed} alert naming the receiver, integration, group and the provider's answer. Failures of
 * meta-alerts and test messages raise none (no loops); every failure is also counted
 * ({@code shopwatch_alert_notifications_undelivered_total}).
 */
public final class MetaAlerts implements OutboxDelivery.FailureReporter {

    private static final Logger log = LoggerFactory.getLogger(MetaAlerts.class);

    private final Function<String, DeliveryConfig> configs;
    private final Outbox outbox;
    private final Clock clock;
    private final String externalUrl;
    private final String defaultFallback;
    private final Duration deadline;
    private final MeterRegistry registry;

    public MetaAlerts(
            Function<String, DeliveryConfig> configs,
            Outbox outbox,
            Clock clock,
            String externalUrl,
            String defaultFallback,
            Duration deadline,
            MeterRegistry registry) {
        this.configs = configs;
        this.outbox = outbox;
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.defaultFallback = defaultFallback == null || defaultFallback.isBlank() ? null : defaultFallback;
        this.deadline = deadline;
        this.registry = registry;
    }

    @Override
    public void failed(OutboxEntry entry, Status status, String error, String answer) {
        OutboxEntry.Target t = entry.target();
        registry.counter(
                        "shopwatch_alert_notifications_undelivered",
                        "integration",
                        t.integration(),
                        "outcome",
                        status.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        if (entry.kind() == OutboxEntry.Kind.META || entry.kind() == OutboxEntry.Kind.TEST) {
            return;
        }
        DeliveryConfig config = configs.apply(t.org());
        String fallback = config.fallbackReceiver() != null ? config.fallbackReceiver() : defaultFallback;
        List<IntegrationConfig> integrations =
                fallback == null ? null : config.receivers().get(fallback);
        if (integrations == null || fallback.equals(t.receiver())) {
            log.warn(
                    "org {}: notification {} to {} {} and no fallback receiver can be told",
                    t.org(),
                    entry.id(),
                    t,
                    status.name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        Instant now = clock.instant();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(
                "summary",
                "Notification to " + t.receiver() + " (" + t.integration() + "[" + t.index() + "]) "
                        + status.name().toLowerCase(java.util.Locale.ROOT) + ": " + error);
        if (answer != null) {
            annotations.put("description", "Provider answered: " + answer);
        }
        annotations.put("group", entry.groupKey());
        LabelSet labels = LabelSet.of(
                "alertname",
                "NotificationFailed",
                "receiver",
                t.receiver(),
                "integration",
                t.integration(),
                "severity",
                "warning");
        Alert alert = new Alert(
                labels, annotations, now, null, externalUrl + "/api/v1/alerts/notifications/" + entry.id(), now, false);
        String groupKey = "{}:{alertname=\"NotificationFailed\"}";
        Notification n = Notification.of(
                t.org(),
                fallback,
                List.of(alert),
                LabelSet.of("alertname", "NotificationFailed"),
                externalUrl,
                groupKey,
                NotificationReason.FIRST_NOTIFICATION,
                now);
        for (IntegrationConfig i : integrations) {
            outbox.enqueue(new OutboxEntry.Draft(
                    new OutboxEntry.Target(t.org(), fallback, i.type(), i.index()),
                    groupKey,
                    io.shopwatch.alert.ack.GroupIds.of(t.org(), groupKey),
                    "meta|" + entry.id() + "|" + i.type() + "|" + i.index(),
                    OutboxEntry.Kind.META,
                    n,
                    now,
                    now.plus(deadline)));
        }
    }
}
