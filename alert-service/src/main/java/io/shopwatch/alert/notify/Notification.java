package io.shopwatch.alert.notify;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a notification says: Alertmanager's template data ({@code template.Data}) plus the group key and reason, from
 * which every integration renders its message. Firing alerts have no end ({@code endsAt} null).
 *
 * @param org organisation
 * @param receiver receiver name
 * @param status {@code firing} if any alert fires, else {@code resolved}
 * @param alerts the alerts, in Alertmanager's order
 * @param groupLabels the labels the group is keyed by
 * @param commonLabels labels equal in all alerts
 * @param commonAnnotations annotations equal in all alerts
 * @param externalURL backlink to this service
 * @param groupKey the aggregation group's key
 * @param truncatedAlerts alerts left out by {@code max_alerts}
 * @param reason why it is sent
 * @param extras what ShopWatch adds: group id, acknowledgement, links, the on-call person, the escalation step
 */
public record Notification(
        String org,
        String receiver,
        String status,
        List<Alert> alerts,
        LabelSet groupLabels,
        LabelSet commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        String groupKey,
        int truncatedAlerts,
        NotificationReason reason,
        NotificationExtras extras) {

    public Notification {
        alerts = List.copyOf(alerts);
        extras = extras == null ? NotificationExtras.NONE : extras;
    }

    /** The same notification with other extras. */
    public Notification withExtras(NotificationExtras newExtras) {
        return new Notification(
                org,
                receiver,
                status,
                alerts,
                groupLabels,
                commonLabels,
                commonAnnotations,
                externalURL,
                groupKey,
                truncatedAlerts,
                reason,
                newExtras);
    }

    /** Whether any alert fires. */
    public boolean firing() {
        return "firing".equals(status);
    }

    /** Builds the data for a batch of alerts (each already with a null end when firing). */
    public static Notification of(
            String org,
            String receiver,
            List<Alert> alerts,
            LabelSet groupLabels,
            String externalURL,
            String groupKey,
            NotificationReason reason,
            Instant now) {
        boolean firing = alerts.stream().anyMatch(a -> !a.resolvedAt(now));
        LabelSet common = LabelSet.common(alerts.stream().map(Alert::labels).toList());
        Map<String, String> commonAnnotations =
                alerts.isEmpty() ? Map.of() : new TreeMap<>(alerts.get(0).annotations());
        for (Alert a : alerts) {
            commonAnnotations.entrySet().removeIf(e -> !e.getValue()
                    .equals(a.annotations().get(e.getKey())));
        }
        return new Notification(
                org,
                receiver,
                firing ? "firing" : "resolved",
                alerts,
                groupLabels,
                common,
                commonAnnotations,
                externalURL,
                groupKey,
                0,
                reason,
                NotificationExtras.NONE);
    }

    /** The same notification with at most {@code max} alerts (0: all). */
    public Notification truncate(int max) {
        if (max <= 0 || alerts.size() <= max) {
            return this;
        }
        return new Notification(
                org,
                receiver,
                status,
                alerts.subList(0, max),
                groupLabels,
                commonLabels,
                commonAnnotations,
                externalURL,
                groupKey,
                alerts.size() - max,
                reason,
                extras);
    }
}
