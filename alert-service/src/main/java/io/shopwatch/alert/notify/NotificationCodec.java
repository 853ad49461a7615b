package io.shopwatch.alert.notify;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.db.JsonCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * A notification as stored in the outbox: Alertmanager's version 4 webhook message (so an operator reading the
 * outbox sees the familiar shape) plus ShopWatch's extras under {@code shopwatch}.
 */
public final class NotificationCodec {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private NotificationCodec() {}

    public static String write(Notification n) {
        return JsonCodec.write(WebhookNotifier.message(n));
    }

    @SuppressWarnings("unchecked")
    public static Notification read(String json) {
        Map<String, Object> m = JsonCodec.MAPPER.readValue(json, MAP);
        List<Alert> alerts = new ArrayList<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) m.getOrDefault("alerts", List.of())) {
            String ends = (String) a.get("endsAt");
            Instant startsAt = Instant.parse((String) a.get("startsAt"));
            alerts.add(new Alert(
                    LabelSet.of((Map<String, String>) a.getOrDefault("labels", Map.of())),
                    (Map<String, String>) a.getOrDefault("annotations", Map.of()),
                    startsAt,
                    ends == null || ends.equals(WebhookNotifier.ZERO_TIME) ? null : Instant.parse(ends),
                    (String) a.get("generatorURL"),
                    startsAt,
                    false));
        }
        NotificationExtras extras = m.get("shopwatch") == null
                ? NotificationExtras.NONE
                : JsonCodec.MAPPER.convertValue(m.get("shopwatch"), NotificationExtras.class);
        return new Notification(
                (String) m.get("org"),
                (String) m.get("receiver"),
                (String) m.get("status"),
                alerts,
                LabelSet.of((Map<String, String>) m.getOrDefault("groupLabels", Map.of())),
                LabelSet.of((Map<String, String>) m.getOrDefault("commonLabels", Map.of())),
                (Map<String, String>) m.getOrDefault("commonAnnotations", Map.of()),
                (String) m.get("externalURL"),
                (String) m.get("groupKey"),
                ((Number) m.getOrDefault("truncatedAlerts", 0)).intValue(),
                reason((String) m.get("notification_reason")),
                extras);
    }

    private static NotificationReason reason(String text) {
        for (NotificationReason r : NotificationReason.values()) {
            if (r.text().equals(text)) {
                return r;
            }
        }
        return NotificationReason.FIRST_NOTIFICATION;
    }
}
