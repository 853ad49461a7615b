package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import io.shopwatch.alert.testing.ProviderStub.Answer;
import io.shopwatch.alert.testing.VirtualScheduler.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** PagerDuty Events API v2 against a real HTTP server: trigger and resolve with Alertmanager's dedup key. */
class PagerDutyNotifierTest extends ChannelNotifierContract {

    static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    static final String DEDUP_KEY = "6b7c790fb52db48458fffc37809172125d5b79895f4c5460fca5883e28491c36";

    @TempDir
    Path dir;

    @Override
    Notifier notifier(OutboundHttp http, MutableClock clock) {
        return new PagerDutyNotifier(http, RENDERER, new ChannelRateLimits(clock));
    }

    @Override
    IntegrationConfig integration(String url) {
        return new IntegrationConfig("pagerduty", 0, true, Map.of("url", url, "routing_key", ROUTING_KEY));
    }

    @Override
    Answer accepted() {
        return Answer.of(
                202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + DEDUP_KEY + "\"}");
    }

    @Override
    String pathAndQuery() {
        return "/v2/enqueue";
    }

    @Override
    String token() {
        return ROUTING_KEY;
    }

    @Test
    void dedupKey_isTheSha256OfTheGroupKey() {
        assertThat(ChannelRateLimits.sha256Hex(GROUP_KEY)).isEqualTo(DEDUP_KEY);
    }

    @Test
    void send_firing_postsATriggerWithAlertmanagersDefaults() throws Exception {
        notifier(http, clock).send(integration(url()), withExtras(), TIMEOUT);

        var request = stub.onlyRequest();
        assertThat(request.path()).isEqualTo("/v2/enqueue");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {"routing_key":"R0123456789abcdef0123456789abcde",
                 "event_action":"trigger",
                 "dedup_key":"6b7c790fb52db48458fffc37809172125d5b79895f4c5460fca5883e28491c36",
                 "payload":{"summary":"[FIRING:1] HighErrorRate checkout",
                            "source":"alerts.example",
                            "severity":"critical",
                            "custom_details":{
                              "num_firing":1,"num_resolved":0,
                              "common_labels":{"alertname":"HighErrorRate","service":"checkout","severity":"critical"},
                              "common_annotations":{"summary":"5xx ratio above 5% on checkout"},
                              "firing":[{"alertname":"HighErrorRate","service":"checkout","severity":"critical"}]}},
                 "client":"ShopWatch",
                 "client_url":"http://alerts.example:9093",
                 "links":[{"href":"https://shopwatch.example/ack/g1?sig=abc","text":"Acknowledge"},
                          {"href":"https://shopwatch.example/logs?service=checkout","text":"Search logs"}]}
                """));
    }

    @Test
    void send_resolved_postsAResolveWithTheSameDedupKey() throws Exception {
        notifier(http, clock).send(integration(url()), resolved(), TIMEOUT);

        JsonNode event = json(stub.onlyRequest().body());
        assertThat(event.get("event_action").asString()).isEqualTo("resolve");
        assertThat(event.get("dedup_key").asString()).isEqualTo(DEDUP_KEY);
        assertThat(event.get("payload")
                        .get("custom_details")
                        .get("num_resolved")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void send_configuredFields_areUsedAsWritten_templatesAreLeftOut() throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url());
        settings.put("routing_key", ROUTING_KEY);
        settings.put("severity", "warning");
        settings.put("class", "http_5xx");
        settings.put("component", "payment-gateway");
        settings.put("group", "{{ .CommonLabels.team }}");
        settings.put("source", "checkout-api");
        settings.put("client", "ShopWatch EU");
        settings.put("client_url", "https://shopwatch.example/alerts");
        settings.put("details", Map.of("runbook", "https://runbooks.example/5xx", "firing", "{{ .Alerts.Firing }}"));

        notifier(http, clock).send(new IntegrationConfig("pagerduty", 0, true, settings), firing(), TIMEOUT);

        JsonNode event = json(stub.onlyRequest().body());
        JsonNode payload = event.get("payload");
        assertThat(payload.get("severity").asString()).isEqualTo("warning");
        assertThat(payload.get("class").asString()).isEqualTo("http_5xx");
        assertThat(payload.get("component").asString()).isEqualTo("payment-gateway");
        assertThat(payload.has("group")).isFalse();
        assertThat(payload.get("source").asString()).isEqualTo("checkout-api");
        assertThat(payload.get("custom_details").get("runbook").asString()).isEqualTo("https://runbooks.example/5xx");
        assertThat(payload.get("custom_details").get("firing").isArray()).isTrue();
        assertThat(event.get("client").asString()).isEqualTo("ShopWatch EU");
        assertThat(event.get("client_url").asString()).isEqualTo("https://shopwatch.example/alerts");
        assertThat(event.has("links")).isFalse();
    }

    @Test
    void severity_isTheLiteral_elseAKnownSeverityLabel_elseError() {
        Notification critical = firing();
        IntegrationConfig none = integration("https://x.example");
        assertThat(PagerDutyNotifier.severity(none, critical)).isEqualTo("critical");
        assertThat(PagerDutyNotifier.severity(
                        new IntegrationConfig("pagerduty", 0, true, Map.of("severity", "{{ .CommonLabels.severity }}")),
                        critical))
                .isEqualTo("critical");
        assertThat(PagerDutyNotifier.severity(
                        new IntegrationConfig("pagerduty", 0, true, Map.of("severity", "info")), critical))
                .isEqualTo("info");
        Notification page = new Notification(
                critical.org(),
                critical.receiver(),
                critical.status(),
                critical.alerts(),
                critical.groupLabels(),
                LabelSet.of("severity", "page"),
                critical.commonAnnotations(),
                critical.externalURL(),
                critical.groupKey(),
                0,
                critical.reason(),
                null);
        assertThat(PagerDutyNotifier.severity(none, page)).isEqualTo("error");
    }

    @Test
    void send_longTitle_isCutTo1024Characters() throws Exception {
        MessageRenderer big = (i, n, m) -> new MessageRenderer.Rendered("s".repeat(2000), "");
        new PagerDutyNotifier(http, big, new ChannelRateLimits(Clock.systemUTC()))
                .send(integration(url()), firing(), TIMEOUT);

        assertThat(json(stub.onlyRequest().body()).get("payload").get("summary").asString())
                .hasSize(1024);
    }

    @Test
    void send_routingKeyFile_isRead() throws Exception {
        Path file = Files.writeString(dir.resolve("pd-key"), ROUTING_KEY + "\n");

        notifier(http, clock)
                .send(
                        new IntegrationConfig(
                                "pagerduty", 0, true, Map.of("url", url(), "routing_key_file", file.toString())),
                        firing(),
                        TIMEOUT);

        assertThat(json(stub.onlyRequest().body()).get("routing_key").asString())
                .isEqualTo(ROUTING_KEY);
    }

    @Test
    void send_invalidEvent_isFinalWithPagerDutysErrors() {
        stub.answer(Answer.of(
                400,
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                        + "\"errors\":[\"'routing_key' should be 32 characters\"]}"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage())
                .contains("Event object is invalid")
                .contains("'routing_key' should be 32 characters")
                .doesNotContain(ROUTING_KEY);
        assertThat(e.providerAnswer()).hasValueSatisfying(a -> assertThat(a).startsWith("400 {\"status\""));
    }

    @Test
    void validate_reportsEachBadSetting() {
        Notifier notifier = notifier(http, clock);
        assertThat(notifier.validate(Map.of()))
                .containsExactly("one of routing_key or routing_key_file must be configured");
        assertThat(notifier.validate(Map.of(
                        "service_key", "k",
                        "routing_key", ROUTING_KEY,
                        "url", "file:///etc/passwd",
                        "severity", "page",
                        "details", List.of("a"))))
                .containsExactly(
                        "service_key (Events API v1) is not supported; use routing_key (Events API v2)",
                        "url must be an http or https URL",
                        "severity must be one of critical, warning, error, info",
                        "details must be a map");
        assertThat(notifier.validate(Map.of("routing_key", ROUTING_KEY, "severity", "{{ .CommonLabels.severity }}")))
                .isEmpty();
    }
}
