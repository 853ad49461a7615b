package io.shopwatch.alert.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import io.shopwatch.alert.testing.ProviderStub.Answer;
import io.shopwatch.alert.testing.VirtualScheduler.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WeCom group robot against a real HTTP server: markdown, a text message for mentions, errcodes in 200 answers. */
class WeComNotifierTest extends ChannelNotifierContract {

    @Override
    Notifier notifier(OutboundHttp http, MutableClock clock) {
        return new WeComNotifier(http, RENDERER, new ChannelRateLimits(clock));
    }

    @Override
    IntegrationConfig integration(String url) {
        return new IntegrationConfig("wecom", 0, true, Map.of("url", url));
    }

    @Override
    Answer accepted() {
        return Answer.ok("{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @Override
    String pathAndQuery() {
        return "/cgi-bin/webhook/send?key=" + token();
    }

    @Test
    void send_withoutMentions_postsOneMarkdownMessage() throws Exception {
        notifier(http, clock).send(integration(url()), firing(), TIMEOUT);

        var request = stub.onlyRequest();
        assertThat(request.path()).isEqualTo("/cgi-bin/webhook/send");
        assertThat(request.rawQuery()).isEqualTo("key=" + token());
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {"msgtype":"markdown",
                 "markdown":{"content":"#### [FIRING:1] HighErrorRate checkout\\n\\n**5xx ratio** 7.2% > 5%"}}
                """));
    }

    @Test
    void send_withMobiles_followsTheMarkdownWithATextMessageMentioningThem() throws Exception {
        IntegrationConfig integration = new IntegrationConfig(
                "wecom", 0, true, Map.of("url", url(), "mentioned_mobiles", List.of("13800001111", "13900001111")));

        notifier(http, clock).send(integration, withExtras(), TIMEOUT);

        assertThat(stub.requests()).hasSize(2);
        assertThat(json(stub.requests().get(0).body()).get("msgtype").asString())
                .isEqualTo("markdown");
        assertThat(json(stub.requests().get(1).body())).isEqualTo(json("""
                {"msgtype":"text",
                 "text":{"content":"[FIRING:1] HighErrorRate checkout",
                         "mentioned_mobile_list":["13800001111","13900001111"]}}
                """));
    }

    @Test
    void send_onCallMobileAlone_isMentioned() throws Exception {
        notifier(http, clock).send(integration(url()), withExtras(), TIMEOUT);

        assertThat(stub.requests()).hasSize(2);
        assertThat(json(stub.requests().get(1).body()).get("text").get("mentioned_mobile_list"))
                .isEqualTo(json("[\"13900001111\"]"));
    }

    @Test
    void send_contentOverTheLimit_isCutTo4096Utf8Bytes() throws Exception {
        MessageRenderer big = (i, n, m) -> new MessageRenderer.Rendered("T", "磁盘".repeat(2000));
        new WeComNotifier(http, big, new ChannelRateLimits(clock)).send(integration(url()), firing(), TIMEOUT);

        String content =
                json(stub.onlyRequest().body()).get("markdown").get("content").asString();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(4096)
                .isGreaterThan(4000);
        assertThat(content).startsWith("#### T\n\n磁盘").endsWith("\n\n…(truncated)");
    }

    @Test
    void send_errcodeInAnOkAnswer_isFinalWithTheCode() {
        stub.answer(Answer.ok("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("errcode 93000 invalid webhook url").doesNotContain(token());
        assertThat(e.providerAnswer()).hasValueSatisfying(a -> assertThat(a).contains("93000"));
    }

    @Test
    void send_frequencyLimit_isRetryableAfterAMinute() {
        stub.answer(Answer.ok("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));

        DeliveryException e = failure(notifier(http, clock), integration(url()), TIMEOUT);

        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(60));
        assertThat(e.getMessage()).contains("45009");
    }

    @Test
    void send_mentionRefused_failsTheSend() {
        IntegrationConfig integration = new IntegrationConfig(
                "wecom", 0, true, Map.of("url", url(), "mentioned_mobiles", List.of("13800001111")));
        stub.answer(accepted(), Answer.ok("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));

        DeliveryException e = failure(notifier(http, clock), integration, TIMEOUT);

        assertThat(e.retryable()).isTrue();
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void validate_reportsEachBadSetting() {
        Notifier notifier = notifier(http, clock);
        assertThat(notifier.validate(Map.of("mentioned_mobiles", List.of("1"))))
                .containsExactly("url must be configured");
        assertThat(notifier.validate(
                        Map.of("url", "qyapi.weixin.qq.com/cgi-bin/webhook/send", "mentioned_mobiles", "1")))
                .containsExactly("url must be an http or https URL", "mentioned_mobiles must be a list");
    }
}
