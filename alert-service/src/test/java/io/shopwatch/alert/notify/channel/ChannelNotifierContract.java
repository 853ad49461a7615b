package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import io.shopwatch.alert.testing.ProviderStub;
import io.shopwatch.alert.testing.ProviderStub.Answer;
import io.shopwatch.alert.testing.VirtualScheduler.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every channel notifier does, run by each channel's test against a real HTTP server: a server error is retried
 * and the next send goes through, 429 waits for {@code Retry-After}, a timeout is retryable, a failure names the host
 * and never the URL (robot URLs carry tokens), and a missing URL is a configuration problem.
 */
abstract class ChannelNotifierContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String TITLE = "[FIRING:1] HighErrorRate checkout";
    static final String TEXT = "**5xx ratio** 7.2% > 5%";
    static final String GROUP_KEY = "{}/{team=\"payments\"}:{alertname=\"HighErrorRate\"}";
    static final String ACK_URL = "https://shopwatch.example/ack/g1?sig=abc";
    static final String LOGS_URL = "https://shopwatch.example/logs?service=checkout";

    /** Renders the same title and text whatever the notification, so payloads can be compared exactly. */
    static final MessageRenderer RENDERER =
            (integration, notification, markup) -> new MessageRenderer.Rendered(TITLE, TEXT);

    ProviderStub stub;
    OutboundHttp http;
    MutableClock clock;

    /** The notifier under test. */
    abstract Notifier notifier(OutboundHttp http, MutableClock clock);

    /** An integration sending to {@code url}, with nothing optional set. */
    abstract IntegrationConfig integration(String url);

    /** The provider's answer to a delivered message. */
    abstract Answer accepted();

    /** The path and query the notifier posts to; carries the token that must never show. */
    String pathAndQuery() {
        return "/hook/tok-0123456789secret";
    }

    String token() {
        return "tok-0123456789secret";
    }

    @BeforeEach
    void startStub() throws Exception {
        stub = new ProviderStub(accepted());
        http = new OutboundHttp(new OutboundUrlPolicy(List.of("127.0.0.1")));
        clock = new MutableClock(T0);
    }

    @AfterEach
    void stopStub() throws Exception {
        http.close();
        stub.close();
    }

    String url() {
        return stub.url(pathAndQuery());
    }

    static Notification firing() {
        return notification(null);
    }

    static Notification notification(Instant endsAt) {
        Alert alert = new Alert(
                LabelSet.of("alertname", "HighErrorRate", "service", "checkout", "severity", "critical"),
                Map.of("summary", "5xx ratio above 5% on checkout"),
                T0,
                endsAt,
                "http://prometheus.example/graph",
                T0,
                false);
        return Notification.of(
                "acme",
                "payments-oncall",
                List.of(alert),
                LabelSet.of("alertname", "HighErrorRate"),
                "http://alerts.example:9093",
                GROUP_KEY,
                endsAt == null ? NotificationReason.FIRST_NOTIFICATION : NotificationReason.ALL_ALERTS_RESOLVED,
                endsAt == null ? T0 : endsAt.plusSeconds(1));
    }

    static Notification resolved() {
        return notification(T0.plusSeconds(60));
    }

    /** The firing notification with links and an on-call person. */
    static Notification withExtras() {
        return firing().withExtras(new NotificationExtras(
                "g1",
                "https://shopwatch.example/api/groups/g1",
                LOGS_URL,
                ACK_URL,
                null,
                new NotificationExtras.OnCall("payments", "Li Wei", "li@example.com", "13900001111", "liwei"),
                null));
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }

    DeliveryException failure(Notifier notifier, IntegrationConfig integration, Duration timeout) {
        DeliveryException e =
                catchThrowableOfType(DeliveryException.class, () -> notifier.send(integration, firing(), timeout));
        assertThat(e).as("a DeliveryException").isNotNull();
        return e;
    }

    @Test
    void send_serverErrorThenAccepted_isRetriedAndTheNextSendGoesThrough() throws Exception {
        Notifier notifier = notifier(http, clock);
        stub.answer(Answer.of(503, "upstream unavailable"), accepted());

        DeliveryException e = failure(notifier, integration(url()), TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.providerAnswer()).hasValue("503 upstream unavailable");

        notifier.send(integration(url()), firing(), TIMEOUT);
        assertThat(stub.requests()).hasSize(2);
        assertThat(stub.requests().get(1).body())
                .isEqualTo(stub.requests().get(0).body());
    }

    @Test
    void send_tooManyRequests_isRetryableAfterRetryAfter() {
        stub.answer(Answer.of(429, "").withHeader("Retry-After", "7"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isTrue();
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(e.providerAnswer()).hasValueSatisfying(a -> assertThat(a).startsWith("429"));
    }

    @Test
    void send_tooManyRequestsWithoutRetryAfter_waitsAMinute() {
        stub.answer(Answer.of(429, ""));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(60));
    }

    @Test
    void send_slowerThanTheTimeout_isRetryable() {
        stub.answer(accepted().after(Duration.ofSeconds(2)));

        DeliveryException e = failure(notifier(http, clock), integration(url()), Duration.ofMillis(300));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain(token());
    }

    @Test
    void send_refused_namesTheHostButNeverTheUrl() {
        stub.answer(Answer.of(404, "no such hook"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain(token());
        assertThat(e.providerAnswer()).hasValue("404 no such hook");
    }

    @Test
    void validate_acceptsTheMinimalSettings_andWantsAUrl() {
        Notifier notifier = notifier(http, clock);
        assertThat(notifier.validate(
                        integration("https://provider.example/hook").settings()))
                .isEmpty();
        assertThat(notifier.validate(Map.of())).isNotEmpty();
    }
}
