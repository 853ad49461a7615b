package io.shopwatch.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.testing.WebhookReceiver;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generic webhook over real HTTP: Alertmanager's v4 message, and which answers are retried. */
class WebhookNotifierTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Notification notification() {
        Alert firing = new Alert(
                LabelSet.of("alertname", "HighErrorRate", "service", "checkout"),
                Map.of("summary", "5xx"),
                T0,
                null,
                "http://gen",
                T0,
                false);
        Alert resolved = new Alert(
                LabelSet.of("alertname", "HighErrorRate", "service", "cart"),
                Map.of("summary", "5xx"),
                T0,
                T0.plusSeconds(60),
                "",
                T0,
                false);
        return Notification.of(
                "acme",
                "payments-oncall",
                List.of(resolved, firing),
                LabelSet.of("alertname", "HighErrorRate"),
                "http://alerts.example",
                "{}:{alertname=\"HighErrorRate\"}",
                NotificationReason.FIRST_NOTIFICATION,
                T0.plusSeconds(120));
    }

    private static IntegrationConfig webhook(String url) {
        return new IntegrationConfig("webhook", 0, true, Map.of("url", url));
    }

    @Test
    void send_postsAlertmanagersVersion4Message() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            new WebhookNotifier(new io.shopwatch.alert.notify.http.OutboundHttp(
                            new OutboundUrlPolicy(List.of("127.0.0.1"))))
                    .send(webhook(receiver.url()), notification(), Duration.ofSeconds(5));
            Map<String, Object> m = receiver.received().get(0).message();
            assertThat(m)
                    .containsEntry("version", "4")
                    .containsEntry("status", "firing")
                    .containsEntry("receiver", "payments-oncall")
                    .containsEntry("groupKey", "{}:{alertname=\"HighErrorRate\"}")
                    .containsEntry("notification_reason", "first notification")
                    .containsEntry("externalURL", "http://alerts.example")
                    .containsEntry("truncatedAlerts", 0)
                    .containsEntry("groupLabels", Map.of("alertname", "HighErrorRate"))
                    .containsEntry("commonLabels", Map.of("alertname", "HighErrorRate"))
                    .containsEntry("commonAnnotations", Map.of("summary", "5xx"));
            List<Map<String, Object>> alerts = receiver.received().get(0).alerts();
            assertThat(alerts.get(1))
                    .containsEntry("status", "firing")
                    .containsEntry("endsAt", "0001-01-01T00:00:00Z")
                    .containsEntry("fingerprint", "e2c3a7f7be80496b");
            assertThat(alerts.get(0))
                    .containsEntry("status", "resolved")
                    .containsEntry("endsAt", "2026-01-01T00:01:00Z");
        }
    }

    @Test
    void send_retriesServerErrorsAndTooManyRequestsButNotOtherClientErrors() throws Exception {
        WebhookNotifier notifier = new WebhookNotifier(
                new io.shopwatch.alert.notify.http.OutboundHttp(new OutboundUrlPolicy(List.of("127.0.0.1"))));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            for (int status : new int[] {500, 503, 429}) {
                receiver.answer(status);
                assertThatThrownBy(() -> notifier.send(webhook(receiver.url()), notification(), Duration.ofSeconds(5)))
                        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable())
                                .isTrue());
            }
            receiver.answer(400);
            assertThatThrownBy(() -> notifier.send(webhook(receiver.url()), notification(), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable())
                            .isFalse());
        }
    }

    @Test
    void policy_refusesInternalAddressesUnlessAllowed() throws Exception {
        OutboundUrlPolicy strict = new OutboundUrlPolicy(List.of());
        for (String url : List.of(
                "http://127.0.0.1/x",
                "http://10.1.2.3/x",
                "http://192.168.0.1/",
                "http://169.254.169.254/",
                "http://[::1]/",
                "http://localhost/",
                "ftp://example.com/")) {
            assertThatThrownBy(() -> strict.check(URI.create(url))).isInstanceOf(DeliveryException.class);
        }
        new OutboundUrlPolicy(List.of("localhost")).check(URI.create("http://localhost:9/x"));
        new OutboundUrlPolicy(List.of("*")).check(URI.create("http://10.0.0.1/x"));
    }

    @Test
    void validate_wantsExactlyOneOfUrlAndUrlFile() {
        WebhookNotifier notifier =
                new WebhookNotifier(new io.shopwatch.alert.notify.http.OutboundHttp(new OutboundUrlPolicy(List.of())));
        assertThat(notifier.validate(Map.of())).containsExactly("one of url or url_file must be configured");
        assertThat(notifier.validate(Map.of("url", "http://x", "url_file", "/f")))
                .isNotEmpty();
        assertThat(notifier.validate(Map.of("url", "https://hooks.example/x"))).isEmpty();
    }

    @Test
    void truncate_keepsMaxAlertsAndCountsTheRest() {
        Notification n = notification().truncate(1);
        assertThat(n.alerts()).hasSize(1);
        assertThat(n.truncatedAlerts()).isEqualTo(1);
    }
}
