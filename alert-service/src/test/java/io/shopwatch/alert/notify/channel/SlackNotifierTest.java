package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import io.shopwatch.alert.testing.ProviderStub.Answer;
import io.shopwatch.alert.testing.VirtualScheduler.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Slack's incoming webhook against a real HTTP server: Block Kit message, plain-text answers. */
class SlackNotifierTest extends ChannelNotifierContract {

    @TempDir
    Path dir;

    @Override
    Notifier notifier(OutboundHttp http, MutableClock clock) {
        return new SlackNotifier(http, RENDERER, new ChannelRateLimits(clock));
    }

    @Override
    IntegrationConfig integration(String url) {
        return new IntegrationConfig("slack", 0, true, Map.of("api_url", url));
    }

    @Override
    Answer accepted() {
        return Answer.ok("ok");
    }

    @Override
    String pathAndQuery() {
        return "/services/T000/B000/" + token();
    }

    @Test
    void send_postsTextHeaderSectionLinksAndTheConfiguredIdentity() throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("api_url", url());
        settings.put("channel", "#payments-alerts");
        settings.put("username", "ShopWatch");
        settings.put("icon_emoji", ":rotating_light:");
        settings.put("icon_url", "https://shopwatch.example/icon.png");
        settings.put("title_link", "https://shopwatch.example/groups/g1");
        settings.put("text", "{{ template \"slack.default.text\" . }}");

        notifier(http, clock).send(new IntegrationConfig("slack", 0, true, settings), withExtras(), TIMEOUT);

        var request = stub.onlyRequest();
        assertThat(request.path()).isEqualTo("/services/T000/B000/" + token());
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {"text":"[FIRING:1] HighErrorRate checkout",
                 "blocks":[
                   {"type":"header","text":{"type":"plain_text","text":"[FIRING:1] HighErrorRate checkout"}},
                   {"type":"section","text":{"type":"mrkdwn","text":"**5xx ratio** 7.2% > 5%"}},
                   {"type":"context","elements":[{"type":"mrkdwn","text":
                     "<https://shopwatch.example/ack/g1?sig=abc|Acknowledge>  •  <https://shopwatch.example/logs?service=checkout|Search logs>  •  <https://shopwatch.example/groups/g1|Details>"}]}],
                 "channel":"#payments-alerts","username":"ShopWatch","icon_emoji":":rotating_light:",
                 "icon_url":"https://shopwatch.example/icon.png"}
                """));
    }

    @Test
    void send_withoutLinks_hasNoContextBlock() throws Exception {
        notifier(http, clock).send(integration(url()), firing(), TIMEOUT);

        assertThat(json(stub.onlyRequest().body())).isEqualTo(json("""
                {"text":"[FIRING:1] HighErrorRate checkout",
                 "blocks":[
                   {"type":"header","text":{"type":"plain_text","text":"[FIRING:1] HighErrorRate checkout"}},
                   {"type":"section","text":{"type":"mrkdwn","text":"**5xx ratio** 7.2% > 5%"}}]}
                """));
    }

    @Test
    void send_longTitleAndText_areCutToSlacksBlockLimits() throws Exception {
        MessageRenderer big = (i, n, m) -> new MessageRenderer.Rendered("t".repeat(400), "x".repeat(5000));
        new SlackNotifier(http, big, new ChannelRateLimits(clock)).send(integration(url()), firing(), TIMEOUT);

        JsonNode blocks = json(stub.onlyRequest().body()).get("blocks");
        assertThat(blocks.get(0).get("text").get("text").asString())
                .hasSize(150)
                .endsWith("t…");
        assertThat(blocks.get(1).get("text").get("text").asString())
                .hasSize(3000)
                .endsWith("x…");
    }

    @Test
    void send_withColor_putsTheBlocksIntoAColouredAttachment() throws Exception {
        Notifier notifier = notifier(http, clock);
        notifier.send(
                new IntegrationConfig("slack", 0, true, Map.of("api_url", url(), "color", "#ff8800")),
                firing(),
                TIMEOUT);
        String amDefault = "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}";
        notifier.send(
                new IntegrationConfig("slack", 0, true, Map.of("api_url", url(), "color", amDefault)),
                resolved(),
                TIMEOUT);

        JsonNode literal = json(stub.requests().get(0).body());
        assertThat(literal.has("blocks")).isFalse();
        assertThat(literal.get("attachments").get(0).get("color").asString()).isEqualTo("#ff8800");
        assertThat(literal.get("attachments").get(0).get("blocks")).hasSize(2);
        JsonNode templated = json(stub.requests().get(1).body());
        assertThat(templated.get("attachments").get(0).get("color").asString()).isEqualTo("good");
    }

    @Test
    void send_apiUrlFile_isRead() throws Exception {
        Path file = Files.writeString(dir.resolve("slack-url"), url() + "\n");

        notifier(http, clock)
                .send(
                        new IntegrationConfig("slack", 0, true, Map.of("api_url_file", file.toString())),
                        firing(),
                        TIMEOUT);

        assertThat(stub.onlyRequest().path()).isEqualTo("/services/T000/B000/" + token());
    }

    @Test
    void send_okStatusWithAnotherText_isFinal() {
        stub.answer(Answer.ok("no_text"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.getMessage()).contains("no_text");
        assertThat(e.providerAnswer()).hasValue("200 no_text");
    }

    @Test
    void send_clientErrors_areFinalWithSlacksErrorText() {
        stub.answer(Answer.of(400, "invalid_payload"), Answer.of(404, "channel_not_found"));
        Notifier notifier = notifier(http, clock);

        DeliveryException invalid = failure(notifier, integration(url()), TIMEOUT);
        DeliveryException noChannel = failure(notifier, integration(url()), TIMEOUT);

        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.getMessage()).contains("400").contains("invalid_payload");
        assertThat(noChannel.retryable()).isFalse();
        assertThat(noChannel.getMessage()).contains("channel_not_found").doesNotContain(token());
    }

    @Test
    void validate_reportsEachBadSetting() {
        Notifier notifier = notifier(http, clock);
        assertThat(notifier.validate(Map.of()))
                .containsExactly(
                        "one of api_url or api_url_file must be configured (global.slack_api_url is not used)");
        assertThat(notifier.validate(Map.of("api_url", "https://hooks.slack.com/x", "api_url_file", "/f")))
                .containsExactly(
                        "one of api_url or api_url_file must be configured (global.slack_api_url is not used)");
        assertThat(notifier.validate(Map.of("api_url", "hooks.slack.com/x", "channel", List.of("#a"))))
                .containsExactly("api_url must be an http or https URL", "channel must be a string");
        assertThat(notifier.validate(Map.of("api_url_file", "/etc/slack-url", "send_resolved", true)))
                .isEmpty();
    }
}
