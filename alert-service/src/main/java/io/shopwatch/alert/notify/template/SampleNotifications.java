package io.shopwatch.alert.notify.template;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.NotificationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A typical e-commerce alert group to preview and check templates with: {@code HighErrorRate} on the checkout service,
 * two instances, critical, with links, an on-call person and the first escalation step.
 */
public final class SampleNotifications {

    /** The sample's group key, as the route {@code {}/{team="payments"}} grouping by alertname and service makes it. */
    public static final String GROUP_KEY = "{}/{team=\"payments\"}:{alertname=\"HighErrorRate\", service=\"checkout\"}";

    private SampleNotifications() {}

    /**
     * The sample group at {@code now}: both alerts firing (started 25 and 12 minutes ago), or both resolved five
     * minutes ago.
     */
    public static Notification checkoutErrors(boolean resolved, Instant now) {
        Instant end = resolved ? now.minus(Duration.ofMinutes(5)) : null;
        Alert first = new Alert(
                LabelSet.of(
                        "alertname", "HighErrorRate",
                        "service", "checkout",
                        "severity", "critical",
                        "instance", "checkout-7f9c-1:8080"),
                Map.of(
                        "summary", "Checkout 5xx ratio above 5%",
                        "description", "5xx ratio is 7.2% on checkout-7f9c-1:8080 (threshold 5%)",
                        "runbook_url", "https://runbooks.example.com/checkout/high-error-rate"),
                now.minus(Duration.ofMinutes(25)),
                end,
                "https://shopwatch.example.com/rules/checkout-error-rate",
                now,
                false);
        Alert second = new Alert(
                LabelSet.of(
                        "alertname", "HighErrorRate",
                        "service", "checkout",
                        "severity", "critical",
                        "instance", "checkout-7f9c-2:8080"),
                Map.of(
                        "summary", "Checkout 5xx ratio above 5%",
                        "description", "5xx ratio is 6.1% on checkout-7f9c-2:8080 (threshold 5%)",
                        "runbook_url", "https://runbooks.example.com/checkout/high-error-rate"),
                now.minus(Duration.ofMinutes(12)),
                end,
                "https://shopwatch.example.com/rules/checkout-error-rate",
                now,
                false);
        Notification n = Notification.of(
                "default",
                "payments-oncall",
                List.of(first, second),
                LabelSet.of("alertname", "HighErrorRate", "service", "checkout"),
                "https://alerts.shopwatch.example.com",
                GROUP_KEY,
                resolved ? NotificationReason.ALL_ALERTS_RESOLVED : NotificationReason.FIRST_NOTIFICATION,
                now);
        String group = "https://alerts.shopwatch.example.com/api/v1/alerts/groups/6b7c790fb52db484";
        NotificationExtras extras = new NotificationExtras(
                "6b7c790fb52db484",
                group,
                "https://shopwatch.example.com/logs?query=service%3Dcheckout%20level%3Derror&from=-30m",
                resolved ? null : group + "/ack?token=sample",
                null,
                new NotificationExtras.OnCall(
                        "payments-primary", "Alice Wang", "alice@example.com", "13800000000", "alice"),
                resolved ? null : new NotificationExtras.Escalation("payments-critical", 1, 3));
        return n.withExtras(extras);
    }

    /** The same group acknowledged by {@code by} ten minutes ago. */
    public static Notification acknowledged(Notification n, String by, String comment, Instant now) {
        return n.withExtras(n.extras()
                .withAck(new NotificationExtras.Ack(
                        by, now.minus(Duration.ofMinutes(10)), comment, now.plus(Duration.ofHours(2)))));
    }
}
